package io.previewbridge.identity.boundary;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.credentials.control.ServerUnreachable;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.IdentitySettings;
import io.previewbridge.identity.control.SignedInAccount;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Signing out: {@code POST /signout} (with the session's CSRF token, so another site cannot sign a
 * person out) ends the session here; after a sign-in at the identity provider it also sends the
 * browser to the provider's end-session endpoint (OpenID Connect RP-initiated logout), when the
 * provider has one and {@code previewbridge.identity.oidc.logout} is on, which sends it back to the
 * sign-in page. {@code GET /signout} shows the button.
 */
@Path("signout")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public class SignOutResource {

  private static final Logger LOG = Logger.getLogger(SignOutResource.class.getName());

  @Inject SignedInAccount signedIn;
  @Inject CsrfToken csrf;
  @Inject IdentitySettings settings;
  @Inject AuthServers servers;
  @Inject IdentityPages pages;
  @Context HttpServletRequest request;
  @Context UriInfo uriInfo;

  @GET
  public Response confirm() {
    if (signedIn.current().isEmpty()) {
      return IdentityPages.seeOther(uriInfo, "signin?signed-out");
    }
    Map<String, Object> model = pages.model(uriInfo);
    model.put("csrf", csrf.value());
    model.put("username", signedIn.current().get().username());
    return pages.page(200, "signout", model);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signOut(@FormParam("csrf") String csrfToken) {
    if (signedIn.current().isEmpty()) {
      return IdentityPages.seeOther(uriInfo, "signin?signed-out");
    }
    if (!csrf.matches(csrfToken)) {
      return pages.message(
          uriInfo,
          403,
          "This form has expired",
          "The sign-out form was too old or came from another site; you are still signed in.",
          "signout",
          "Sign out");
    }
    boolean viaProvider = signedIn.current().get().viaProvider();
    Optional<String> idToken = signedIn.idTokenHint();
    signedIn.signOut();
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    if (viaProvider && settings.providerLogout()) {
      Optional<URI> atProvider = providerLogout(idToken);
      if (atProvider.isPresent()) {
        return IdentityPages.seeOther(atProvider.get());
      }
    }
    return IdentityPages.seeOther(uriInfo, "signin?signed-out");
  }

  private Optional<URI> providerLogout(Optional<String> idToken) {
    try {
      var provider = servers.identityProvider();
      if (provider.isEmpty()) {
        return Optional.empty();
      }
      Optional<URI> endSession = servers.metadata(provider.get()).endSessionEndpoint();
      if (endSession.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new LogoutRequest(
                  endSession.get(),
                  idToken.isPresent() ? JWTParser.parse(idToken.get()) : null,
                  settings.publicUri("signin?signed-out"),
                  null)
              .toURI());
    } catch (ServerUnreachable | java.text.ParseException e) {
      // signed out here; the provider's own session is left as it is
      LOG.info(() -> "Sign-out at the identity provider skipped: " + e.getMessage());
      return Optional.empty();
    }
  }
}
