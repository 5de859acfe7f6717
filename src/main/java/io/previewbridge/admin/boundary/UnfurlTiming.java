package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.Latencies;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;

/**
 * Times every answered {@code POST /notion/unfurl} for the overview's chart, without touching the
 * unfurl feature: the clock starts before matching (so authentication is included, as Notion waits
 * for it too) and stops when the response leaves. Only 2xx answers count (an unfurl answers 200
 * also for an error operation); a refused token is not an unfurl.
 */
@Provider
@PreMatching
@Priority(1)
public class UnfurlTiming implements ContainerRequestFilter, ContainerResponseFilter {

  static final String STARTED = UnfurlTiming.class.getName() + ".started";

  @Inject Latencies latencies;

  @Override
  public void filter(ContainerRequestContext request) {
    if (isUnfurl(request)) {
      request.setProperty(STARTED, System.nanoTime());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(STARTED) instanceof Long started && response.getStatus() / 100 == 2) {
      latencies.record(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  static boolean isUnfurl(ContainerRequestContext request) {
    if (!HttpMethod.POST.equals(request.getMethod())) {
      return false;
    }
    String path = request.getUriInfo().getPath();
    return "notion/unfurl".equals(path) || "/notion/unfurl".equals(path);
  }
}
