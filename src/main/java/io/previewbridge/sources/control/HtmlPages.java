package io.previewbridge.sources.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the pasted page of an {@code html-meta} source: a GET within {@link Fetcher}'s limits
 * (connect and read timeout, size cap, redirect count), its host allow-list, and redirects only
 * within the host first asked.
 *
 * <p>INTERIM: {@link Fetcher} only returns JSON today and is being reworked (destination policy on
 * every hop, cache, conditional requests) by another change. Once Fetcher can hand back a page's
 * bytes and {@code Content-Type}, {@link #load} must delegate to it, so that html-meta fetches get
 * the same destination checks as every other fetch. Until then this class applies Fetcher's checks
 * of today plus a coarse guard of its own, because here the address comes from the pasted link: a
 * host that resolves to a loopback, private, link-local, unique-local, multicast or unspecified
 * address is refused unless {@code previewbridge.fetch.allowed-hosts} names it. The guard resolves
 * before connecting, so it does not stop DNS rebinding; the reworked Fetcher does.
 */
@ApplicationScoped
public class HtmlPages {

  /** What loading a page produced. */
  public sealed interface Loaded permits Page, NotLoaded {}

  /** A 2xx HTML answer: its bytes, its {@code Content-Type} and the address after redirects. */
  public record Page(byte[] body, String contentType, URI url) implements Loaded {}

  /** No page: the upstream status or the reason, in Fetcher's terms. */
  public record NotLoaded(Fetcher.Outcome outcome) implements Loaded {}

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  @Inject Fetcher fetcher;

  public HtmlPages() {}

  /** For tests, without a container. */
  public HtmlPages(Fetcher fetcher) {
    this.fetcher = fetcher;
  }

  public Loaded load(URI url) {
    Fetcher.Limits limits = fetcher.defaults();
    String firstHost = Objects.toString(url.getHost(), "").toLowerCase(Locale.ROOT);
    if (!fetcher.allowed(firstHost)) {
      return failed(
          Fetcher.Reason.DESTINATION_REFUSED,
          "the host is not in previewbridge.fetch.allowed-hosts");
    }
    if (!publicOrListed(firstHost)) {
      return failed(
          Fetcher.Reason.DESTINATION_REFUSED,
          "the host is internal and previewbridge.fetch.allowed-hosts does not name it");
    }
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(limits.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    for (int hop = 0; ; hop++) {
      String scheme = Objects.toString(url.getScheme(), "").toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
        return failed(Fetcher.Reason.UNREACHABLE, "only http and https URLs are fetched");
      }
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(limits.readTimeout())
              .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
              .GET()
              .build();
      CompletableFuture<Got> future =
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
              .thenApply(r -> capped(r, limits.maxBytes()));
      Got response;
      try {
        response = future.get(limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        return failed(Fetcher.Reason.TIMEOUT, "no complete answer within " + limits.readTimeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(Fetcher.Reason.UNREACHABLE, "interrupted");
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        while (c != null) {
          if (c instanceof TooLarge) {
            return failed(
                Fetcher.Reason.TOO_LARGE,
                "the answer is larger than " + limits.maxBytes() + " bytes");
          }
          if (c instanceof HttpTimeoutException) {
            return failed(Fetcher.Reason.TIMEOUT, "no answer in time");
          }
          c = c.getCause();
        }
        return failed(Fetcher.Reason.UNREACHABLE, "the page could not be reached");
      }
      int status = response.statusCode();
      if (!REDIRECTS.contains(status)) {
        if (status < 200 || status > 299) {
          return new NotLoaded(new Fetcher.UpstreamStatus(status));
        }
        String type = response.headers().firstValue("Content-Type").orElse("text/html");
        String mime = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!mime.equals("text/html") && !mime.equals("application/xhtml+xml")) {
          return failed(Fetcher.Reason.NOT_JSON, "the answer is not an HTML page");
        }
        return new Page(response.body(), type, url);
      }
      if (hop >= limits.maxRedirects()) {
        return failed(
            Fetcher.Reason.TOO_MANY_REDIRECTS, "more than " + limits.maxRedirects() + " redirects");
      }
      URI next;
      try {
        next = url.resolve(response.headers().firstValue("Location").orElseThrow().strip());
      } catch (RuntimeException e) {
        return failed(Fetcher.Reason.BAD_REDIRECT, "a redirect without a usable Location");
      }
      String nextHost = Objects.toString(next.getHost(), "").toLowerCase(Locale.ROOT);
      if (!nextHost.equals(firstHost) || !fetcher.allowed(nextHost) || !publicOrListed(nextHost)) {
        return failed(Fetcher.Reason.DESTINATION_REFUSED, "a redirect to another host");
      }
      url = next;
    }
  }

  /** Whether {@code host} resolves to public addresses only, or the allow-list names it. */
  boolean publicOrListed(String host) {
    // an empty allow-list allows every host, including a name that can never exist (RFC 6761)
    boolean listExists = !fetcher.allowed("previewbridge.invalid");
    if (listExists && fetcher.allowed(host)) {
      return true;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (internal(address)) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static boolean internal(InetAddress a) {
    byte[] b = a.getAddress();
    return a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()
        || (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc)
        || (a instanceof Inet4Address
            && (b[0] == 0 || ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64)));
  }

  private static NotLoaded failed(Fetcher.Reason reason, String detail) {
    return new NotLoaded(new Fetcher.Failed(reason, detail));
  }

  /** Reads at most {@code max} bytes of a 2xx body; error and redirect bodies are not read. */
  private static Got capped(HttpResponse<InputStream> response, long max) {
    byte[] body;
    try (InputStream in = response.body()) {
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        body = new byte[0];
      } else {
        body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (body.length > max) {
          throw new TooLarge();
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new Got(response.statusCode(), response.headers(), body);
  }

  private record Got(int statusCode, java.net.http.HttpHeaders headers, byte[] body) {}

  static final class TooLarge extends java.io.UncheckedIOException {
    TooLarge() {
      super(new IOException("response too large"));
    }
  }
}
