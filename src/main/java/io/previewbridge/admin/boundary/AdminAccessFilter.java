package io.previewbridge.admin.boundary;

import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.platform.boundary.Problem;
import io.previewbridge.platform.boundary.Redirects;
import io.previewbridge.platform.control.Pages;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gate of everything marked {@link AdminOnly}. People sign in with the session sign-in (MP-JWT
 * is Notion's), so the role is checked here, on every request:
 *
 * <p>The role and the account's state are read from the database on every request, not from the
 * session: disabling an account or taking its admin role ends its console access at once.
 *
 * <ul>
 *   <li>API ({@code /api/admin/...}): anonymous 401, signed in without {@code admin} 403, both as
 *       problem+json; a request that changes something (POST, PUT, PATCH, DELETE) must carry the
 *       session's CSRF token in {@value #CSRF_HEADER} (from {@code GET /api/admin/session}), or
 *       another site could drive the console through the admin's cookie.
 *   <li>Pages ({@code /admin/...}): anonymous visitors go to sign-in and come back; others get a
 *       403 page.
 * </ul>
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHORIZATION)
public class AdminAccessFilter implements ContainerRequestFilter {

  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final Set<String> CHANGING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  @Inject SignedInAccount signedIn;
  @Inject Accounts accounts;
  @Inject CsrfToken csrf;
  @Inject Pages pages;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    boolean api = path.startsWith("api/") || path.startsWith("/api/");
    // the session remembers who signed in; the database says who may still act: an account
    // disabled, demoted, given a new password or revoked since then loses the console at its
    // next request, on whichever node
    Optional<Account> account = accounts.current(signedIn);
    Optional<SignedInAccount.Person> person = account.flatMap(a -> signedIn.current());
    if (person.isEmpty()) {
      request.abortWith(api ? problem(401, "sign-in-required", signInHint()) : toSignIn(request));
      return;
    }
    if (!account.get().roles().contains(Account.ROLE_ADMIN)) {
      request.abortWith(
          api
              ? problem(403, "admin-only", "This needs an account with the admin role")
              : forbiddenPage(request));
      return;
    }
    if (api
        && CHANGING.contains(request.getMethod())
        && !csrf.matches(request.getHeaderString(CSRF_HEADER))) {
      request.abortWith(
          problem(
              403,
              "csrf-token-required",
              "Send the session's CSRF token (GET /api/admin/session) in the "
                  + CSRF_HEADER
                  + " header"));
    }
  }

  private static String signInHint() {
    return "Sign in at /signin with an admin account first (the API uses the session cookie)";
  }

  private static Response problem(int status, String slug, String detail) {
    return Problem.of(Response.Status.fromStatusCode(status), slug, detail).toResponse();
  }

  private static Response toSignIn(ContainerRequestContext request) {
    String next = request.getUriInfo().getPath().replaceFirst("^/", "");
    return Redirects.seeOther(
        request.getUriInfo(),
        "signin?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
  }

  private Response forbiddenPage(ContainerRequestContext request) {
    String root = request.getUriInfo().getBaseUri().getPath();
    return Response.status(Response.Status.FORBIDDEN)
        .type(MediaType.TEXT_HTML + ";charset=utf-8")
        .entity(
            pages.render("admin-forbidden", Map.of("root", root, "developerName", "PreviewBridge")))
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
