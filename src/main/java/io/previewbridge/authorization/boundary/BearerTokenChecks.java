package io.previewbridge.authorization.boundary;

import io.previewbridge.authorization.control.AccessTokens;
import io.previewbridge.authorization.control.Revocations;
import io.previewbridge.platform.boundary.Problem;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * MP-JWT checks a token's signature and expiry; this adds what only we know: a token whose grant
 * was revoked (code replay, disconnection) or whose connection is no longer active is refused,
 * immediately rather than when it expires, wherever a role is required. A role-protected request
 * without a verified token is refused here too, with the same 401 problem on every server. It also
 * gives every 401 of ours an RFC 6750 challenge.
 */
@Priority(Priorities.AUTHENTICATION + 10)
@jakarta.ws.rs.ext.Provider
public class BearerTokenChecks implements ContainerRequestFilter, ContainerResponseFilter {

  @Inject Revocations revocations;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!protectedByRole()) {
      return;
    }
    Principal principal = request.getSecurityContext().getUserPrincipal();
    if (!(principal instanceof JsonWebToken jwt)) {
      // No verified token at all. Each server would answer differently, and one not at all:
      // Payara Server let a request without Authorization through @RolesAllowed (200, and a 500
      // on a tracked link), WildFly's RESTEasy answered a plain-text 403. A role-protected
      // resource of ours is for Notion's bearer tokens only, so this is the one answer everywhere.
      request.abortWith(
          Response.fromResponse(
                  Problem.of(
                          Response.Status.UNAUTHORIZED,
                          "token-missing",
                          "This endpoint needs a PreviewBridge access token: Authorization:"
                              + " Bearer <token>.")
                      .toResponse())
              .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"PreviewBridge\"")
              .build());
      return;
    }
    if (!revocations.isUsable(text(jwt.getClaim(AccessTokens.GRANT_CLAIM)), jwt.getSubject())) {
      request.abortWith(
          Response.fromResponse(
                  Problem.of(
                          Response.Status.UNAUTHORIZED,
                          "token-revoked",
                          "This access token has been revoked: the connection to Notion was"
                              + " disconnected or its authorization withdrawn.")
                      .toResponse())
              .header(
                  HttpHeaders.WWW_AUTHENTICATE,
                  "Bearer realm=\"PreviewBridge\", error=\"invalid_token\","
                      + " error_description=\"The access token has been revoked\"")
              .build());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() == 401
        && !response.getHeaders().containsKey(HttpHeaders.WWW_AUTHENTICATE)) {
      response
          .getHeaders()
          .putSingle(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"PreviewBridge\"");
    }
  }

  /**
   * Only resources that demand a role depend on the token. The deleted-token callback, for one, is
   * public and must still accept the token of a connection it has already disconnected.
   */
  private boolean protectedByRole() {
    if (resource == null || resource.getResourceMethod() == null) {
      return true;
    }
    return resource.getResourceMethod().isAnnotationPresent(RolesAllowed.class)
        || resource.getResourceClass().isAnnotationPresent(RolesAllowed.class);
  }

  static String text(Object claim) {
    if (claim instanceof JsonString json) {
      return json.getString();
    }
    return claim == null ? null : claim.toString();
  }
}
