package io.previewbridge.identity.boundary;

import io.previewbridge.credentials.control.AuthorizationCodeFlow;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.OidcSignIn;
import io.previewbridge.identity.control.SignInRefused;
import io.previewbridge.identity.control.SignedInAccount;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Sign-in at the company's OpenID Connect provider: {@code GET /signin/oidc?next=...} sends the
 * browser to the provider's login page with a fresh {@code state}, {@code nonce} and PKCE challenge
 * kept in this session; the provider sends it back to {@code GET /signin/oidc/callback}, where
 * {@link OidcSignIn} checks the answer and signs the person in. The session id then changes and the
 * browser goes on to {@code next} (a path of this application).
 *
 * <p>An unknown, expired or replayed {@code state}, an error from the provider, and every failed
 * check get a page that says so (never a stack trace), and sign nobody in.
 */
@Path("signin/oidc")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public class OidcSignInResource {

  private static final Logger LOG = Logger.getLogger(OidcSignInResource.class.getName());
  static final String PURPOSE = "signin";

  @Inject OidcSignIn signIn;
  @Inject PendingFlows flows;
  @Inject SignedInAccount signedIn;
  @Inject CsrfToken csrf;
  @Inject IdentityPages pages;
  @Inject Clock clock;
  @Context HttpServletRequest request;
  @Context UriInfo uriInfo;

  @GET
  public Response begin(@QueryParam("next") String next) {
    try {
      AuthorizationCodeFlow.Started started = signIn.begin();
      request.getSession(true);
      flows.add(
          new PendingFlows.Flow(
              started, PURPOSE, null, SignInResource.localPath(next), clock.instant()));
      return IdentityPages.seeOther(started.authorizationRequest());
    } catch (SignInRefused refused) {
      return refusedPage(refused);
    }
  }

  @GET
  @Path("callback")
  public Response callback() {
    MultivaluedMap<String, String> query = uriInfo.getQueryParameters();
    for (String name : List.of("state", "code", "error", "iss")) {
      List<String> values = query.get(name);
      if (values != null && values.size() > 1) {
        return problem(400, "Sign-in failed", name + " is sent more than once.");
      }
    }
    Optional<PendingFlows.Flow> flow =
        flows.take(query.getFirst("state"), PURPOSE, clock.instant());
    if (flow.isEmpty()) {
      return problem(
          400,
          "This sign-in has expired",
          "This answer does not belong to a sign-in started in this browser, or it was used"
              + " already or is too old. Nothing was signed in.");
    }
    String error = query.getFirst("error");
    if (error != null) {
      String description = query.getFirst("error_description");
      LOG.info(() -> "The identity provider answered a sign-in with error " + cut(error));
      return problem(
          "access_denied".equals(error) ? 403 : 400,
          "Not signed in",
          "The identity provider did not sign you in ("
              + cut(error)
              + (description == null ? "" : ": " + cut(description))
              + ").");
    }
    String code = query.getFirst("code");
    if (code == null || code.isBlank() || code.length() > 4096) {
      return problem(400, "Sign-in failed", "The identity provider's answer has no code.");
    }
    try {
      OidcSignIn.Completed completed =
          signIn.complete(flow.get().started(), code, Optional.ofNullable(query.getFirst("iss")));
      request.getSession(true);
      request.changeSessionId();
      csrf.renew();
      signedIn.signInAtProvider(completed.account(), completed.idToken());
      return IdentityPages.seeOther(uriInfo, flow.get().next());
    } catch (SignInRefused refused) {
      return refusedPage(refused);
    }
  }

  private Response refusedPage(SignInRefused refused) {
    return problem(refused.status(), refused.title(), refused.getMessage());
  }

  private Response problem(int status, String title, String message) {
    return pages.message(uriInfo, status, title, message, "signin?retry=1", "Start again");
  }

  private static String cut(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "\u2026" : text;
  }
}
