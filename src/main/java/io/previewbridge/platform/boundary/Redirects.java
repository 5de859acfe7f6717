package io.previewbridge.platform.boundary;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Redirects to pages of this application, as relative references ({@code Location:
 * /signin?next=...}): the browser resolves them against the address it used, so nothing about them
 * comes from the request's {@code Host} header or scheme (a forged {@code Host} cannot send anyone
 * elsewhere, and behind a TLS-terminating proxy there is never an {@code http://} redirect).
 * Absolute addresses PreviewBridge gives out (to the identity provider, to Notion) are built from
 * {@code previewbridge.public-url}. The JAX-RS application asks Jersey not to make relative {@code
 * Location} headers absolute ({@code PreviewBridgeApplication}).
 */
public final class Redirects {

  private Redirects() {}

  /** 303 to {@code relative}, a path of this application without a leading slash. */
  public static Response seeOther(UriInfo uri, String relative) {
    return Response.status(Response.Status.SEE_OTHER)
        .header(HttpHeaders.LOCATION, path(uri, relative))
        .cacheControl(noStore())
        .build();
  }

  /** The path-absolute reference of {@code relative} under the application's base path. */
  public static String path(UriInfo uri, String relative) {
    String base = uri.getBaseUri().getRawPath();
    if (base == null || base.isEmpty()) {
      base = "/";
    }
    if (!base.endsWith("/")) {
      base = base + "/";
    }
    // never "//host": a reference that starts with two slashes names another host
    return (base + relative.replaceFirst("^/+", "")).replaceFirst("^/+", "/");
  }

  public static CacheControl noStore() {
    CacheControl cache = new CacheControl();
    cache.setNoStore(true);
    cache.setNoCache(true);
    return cache;
  }
}
