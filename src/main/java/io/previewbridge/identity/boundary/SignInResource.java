package io.previewbridge.identity.boundary;

import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.platform.control.Pages;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sign-in page of people (not of Notion): a form with username, password and the session's CSRF
 * token. On success the session id changes (no session fixation), the CSRF token is renewed and the
 * browser goes on to {@code next}, a path on this server only (never an open redirect). A wrong
 * password, an unknown user and a disabled account all get the same message.
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
  @Inject Pages pages;
  @Context HttpServletRequest request;
  @Context UriInfo uriInfo;

  @Inject
  @ConfigProperty(name = "previewbridge.developer-name")
  Optional<String> developerName;

  @GET
  public Response form(@QueryParam("next") String next) {
    return page(Response.Status.OK, localPath(next), null, null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(
      @FormParam("username") String username,
      @FormParam("password") String password,
      @FormParam("csrf") String csrfToken,
      @FormParam("next") String next) {
    String target = localPath(next);
    if (!csrf.matches(csrfToken)) {
      return page(Response.Status.FORBIDDEN, target, username, EXPIRED_FORM);
    }
    Optional<Account> account = accounts.authenticate(username, password);
    if (account.isEmpty()) {
      return page(Response.Status.OK, target, username, WRONG_CREDENTIALS);
    }
    request.getSession(true);
    request.changeSessionId();
    csrf.renew();
    signedIn.signIn(account.get());
    return Response.seeOther(uriInfo.getBaseUri().resolve(target)).cacheControl(noStore()).build();
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

  private Response page(Response.Status status, String next, String username, String error) {
    Map<String, Object> model = new HashMap<>();
    model.put("csrf", csrf.value());
    model.put("next", next);
    model.put("username", username == null ? "" : username);
    model.put("developerName", developerName.filter(n -> !n.isBlank()).orElse("PreviewBridge"));
    model.put("connectingNotion", next.startsWith("notion/authorize"));
    model.put("root", uriInfo.getBaseUri().getPath());
    if (error != null) {
      model.put("error", error);
    }
    return Response.status(status)
        .entity(pages.render("signin", model))
        .cacheControl(noStore())
        .build();
  }

  static CacheControl noStore() {
    CacheControl cache = new CacheControl();
    cache.setNoStore(true);
    cache.setNoCache(true);
    return cache;
  }
}
