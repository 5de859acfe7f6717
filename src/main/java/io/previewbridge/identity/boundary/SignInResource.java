package io.previewbridge.identity.boundary;

import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.IdentitySettings;
import io.previewbridge.identity.control.SignInBusy;
import io.previewbridge.identity.control.SignInThrottle;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.identity.entity.Account;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sign-in page of people (not of Notion), as {@code previewbridge.identity.mode} says: {@code
 * built-in} shows the password form; {@code oidc} sends the browser on to the company's identity
 * provider at once ({@link OidcSignInResource}); {@code both} offers the two.
 *
 * <p>The password form carries the session's CSRF token. On success the session id changes (no
 * session fixation), the CSRF token is renewed and the browser goes on to {@code next}, a path on
 * this server only (never an open redirect). A wrong password, an unknown user and a disabled
 * account all get the same message.
 */
@Path("signin")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public class SignInResource {

  static final String WRONG_CREDENTIALS = "The username or password is not right.";
  static final String EXPIRED_FORM = "This form had expired. Please sign in again.";

  /** Relative to the application's base: no scheme (no colon), no "//host", no backslash. */
  private static final Pattern LOCAL_PATH =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~!$&'()*+,;=@%/?-]{0,2000}");

  @Inject Accounts accounts;
  @Inject SignedInAccount signedIn;
  @Inject CsrfToken csrf;
  @Inject IdentitySettings settings;
  @Inject AuthServers servers;
  @Inject IdentityPages pages;
  @Inject SignInThrottle throttle;
  @Context HttpServletRequest request;
  @Context UriInfo uriInfo;

  @GET
  public Response form(
      @QueryParam("next") String next,
      @QueryParam("signed-out") String signedOut,
      @QueryParam("retry") String retry) {
    String target = localPath(next);
    // with the provider alone, go straight there, except after a sign-out or a failed sign-in,
    // where that would sign the person in again at once (or repeat the failure)
    if (!settings.builtInAllowed() && signedOut == null && retry == null) {
      return IdentityPages.seeOther(uriInfo, "signin/oidc?next=" + encode(target));
    }
    return page(Response.Status.OK, target, null, signedOut != null ? SIGNED_OUT : null, false);
  }

  static final String SIGNED_OUT = "You are signed out.";

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(
      @FormParam("username") String username,
      @FormParam("password") String password,
      @FormParam("csrf") String csrfToken,
      @FormParam("next") String next) {
    String target = localPath(next);
    if (!settings.builtInAllowed()) {
      return pages.message(
          uriInfo,
          403,
          "Password sign-in is off",
          "People sign in with " + servers.identityProviderName() + " here.",
          "signin/oidc?next=" + encode(target),
          "Sign in with " + servers.identityProviderName());
    }
    if (!csrf.matches(csrfToken)) {
      return page(Response.Status.FORBIDDEN, target, username, EXPIRED_FORM, true);
    }
    String address = request.getRemoteAddr();
    SignInThrottle.Verdict verdict = throttle.check(username, address);
    if (!verdict.allowed()) {
      long seconds = Math.max(1, (verdict.retryAfter().toMillis() + 999) / 1000);
      return Response.fromResponse(
              page(
                  Response.Status.TOO_MANY_REQUESTS,
                  target,
                  username,
                  "Too many failed sign-ins for this account or from your address. Try again in "
                      + (seconds >= 120 ? (seconds / 60) + " minutes." : seconds + " seconds."),
                  true))
          .header("Retry-After", seconds)
          .build();
    }
    Optional<Account> account;
    try {
      account = accounts.authenticate(username, password);
    } catch (SignInBusy busy) {
      return Response.fromResponse(
              page(
                  Response.Status.SERVICE_UNAVAILABLE,
                  target,
                  username,
                  "Many people are signing in right now. Try again in a moment.",
                  true))
          .header("Retry-After", 2)
          .build();
    }
    if (account.isEmpty()) {
      throttle.failed(username, address);
      return page(Response.Status.OK, target, username, WRONG_CREDENTIALS, true);
    }
    throttle.succeeded(username);
    accounts.signedIn(account.get());
    request.getSession(true);
    request.changeSessionId();
    csrf.renew();
    signedIn.signIn(account.get());
    return IdentityPages.seeOther(uriInfo, target);
  }

  /**
   * Where to go after signing in: a path relative to the application ("notion/authorize/..."),
   * never an absolute URL, so sign-in cannot be used as an open redirector.
   */
  static String localPath(String next) {
    if (next == null || !LOCAL_PATH.matcher(next).matches()) {
      return "";
    }
    try {
      return java.net.URI.create(next).isAbsolute() ? "" : next;
    } catch (IllegalArgumentException malformed) {
      return "";
    }
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private Response page(
      Response.Status status, String next, String username, String note, boolean isError) {
    Map<String, Object> model = pages.model(uriInfo);
    model.put("csrf", csrf.value());
    model.put("next", next);
    model.put("nextEncoded", encode(next));
    model.put("username", username == null ? "" : username);
    model.put("connectingNotion", next.startsWith("notion/authorize"));
    model.put("builtIn", settings.builtInAllowed());
    model.put("provider", settings.providerAllowed());
    model.put("providerName", servers.identityProviderName());
    if (note != null) {
      model.put(isError ? "error" : "note", note);
    }
    return pages.page(status.getStatusCode(), "signin", model);
  }
}
