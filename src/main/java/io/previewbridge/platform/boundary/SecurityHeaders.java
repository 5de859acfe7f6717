package io.previewbridge.platform.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Headers on every response: nothing of ours may be framed by another site (the consent page above
 * all, against clickjacking), content types are not sniffed, and no URL (which may carry an
 * authorization code) leaks through the Referer header. A resource that must be framable (a chart
 * embedded in Notion) sets its own {@code Content-Security-Policy}, which this filter keeps. When
 * {@code previewbridge.public-url} is {@code https}, browsers are told to use nothing else (HSTS),
 * whatever scheme the request reached the server with (a TLS-terminating proxy).
 */
@Provider
public class SecurityHeaders implements ContainerResponseFilter {

  static final String HSTS = "max-age=31536000";

  private volatile Boolean https;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    var headers = response.getHeaders();
    Boolean secure = https;
    if (secure == null) {
      secure = SessionCookies.httpsPublicUrl();
      https = secure;
    }
    if (secure) {
      headers.putSingle("Strict-Transport-Security", HSTS);
    }
    if (!headers.containsKey("Content-Security-Policy")) {
      headers.putSingle("Content-Security-Policy", "frame-ancestors 'none'");
      headers.putSingle("X-Frame-Options", "DENY");
    }
    headers.putSingle("X-Content-Type-Options", "nosniff");
    headers.putSingle("Referrer-Policy", "no-referrer");
  }
}
