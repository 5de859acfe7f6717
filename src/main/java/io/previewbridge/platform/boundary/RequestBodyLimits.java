package io.previewbridge.platform.boundary;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Request bodies are read with a bound, never whole: {@code previewbridge.http.max-body} (256 KiB)
 * for every endpoint, {@code previewbridge.http.max-body-sources} (2 MiB) for a sources file sent
 * to the console's check. A declared {@code Content-Length} above the bound is refused before
 * anything is read; a body without one (chunked) is cut off when it passes the bound. Both are a
 * 413 problem.
 *
 * <p>Before answering, up to {@link #SWALLOW} bytes of the refused body are read and dropped (as
 * Tomcat's {@code maxSwallowSize} does): over HTTP/2 a client is still sending when the answer is
 * ready, and one that is never told to stop (Grizzly sends no {@code RST_STREAM}) waits on flow
 * control until the connection times out instead of reading the 413. A larger body is not read.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestBodyLimits implements ContainerRequestFilter {

  static final long DEFAULT_LIMIT = 256 * 1024;
  static final long SOURCES_LIMIT = 2 * 1024 * 1024;
  static final long SWALLOW = 2 * 1024 * 1024;

  private volatile long[] limits;

  @Override
  public void filter(ContainerRequestContext request) {
    long limit = limitFor(request.getUriInfo().getPath());
    String declared = request.getHeaderString("Content-Length");
    if (declared != null) {
      try {
        long length = Long.parseLong(declared.trim());
        if (length > limit) {
          if (length <= limit + SWALLOW) {
            swallow(request.getEntityStream(), length);
          }
          throw tooLarge(limit);
        }
      } catch (NumberFormatException malformed) {
        // the container refuses a malformed Content-Length itself; nothing to add here
      }
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Bounded(request.getEntityStream(), limit));
    }
  }

  private long limitFor(String path) {
    long[] known = limits;
    if (known == null) {
      var config = ConfigProvider.getConfig();
      known =
          new long[] {
            config
                .getOptionalValue("previewbridge.http.max-body", Long.class)
                .orElse(DEFAULT_LIMIT),
            config
                .getOptionalValue("previewbridge.http.max-body-sources", Long.class)
                .orElse(SOURCES_LIMIT)
          };
      limits = known;
    }
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.startsWith("api/admin/sources/") ? known[1] : known[0];
  }

  /** Reads and drops at most {@code max} bytes of what is left of {@code body}. */
  static void swallow(InputStream body, long max) {
    byte[] buffer = new byte[8192];
    try {
      for (long left = max; left > 0; ) {
        int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
    } catch (IOException gone) {
      // the client stopped sending; the 413 goes out all the same
    }
  }

  static BodyTooLarge tooLarge(long limit) {
    return new BodyTooLarge(limit);
  }

  /**
   * Thrown from the filter or from deep inside a body reader; {@link ProblemMappers} makes it a 413
   * problem however it is wrapped.
   */
  public static final class BodyTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge(long limit) {
      super(
          "The request body is larger than this address accepts (" + limit + " bytes).",
          null,
          false,
          false);
    }
  }

  /** An entity stream that ends the request once more than {@code limit} bytes came. */
  static final class Bounded extends FilterInputStream {
    private final long limit;
    private long read;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(long n) {
      read += n;
      if (read > limit) {
        swallow(in, SWALLOW);
        throw tooLarge(limit);
      }
    }
  }
}
