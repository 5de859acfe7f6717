package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.NotionSettings;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.platform.boundary.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * What to paste into Notion's Link Preview settings as JSON, for admins only: {@code GET
 * /api/admin/notion-settings} (the page {@code /admin/notion-settings} shows the same). People sign
 * in with the session sign-in; the {@code admin} role is checked on every request.
 */
@Path("api/admin/notion-settings")
public class NotionSettingsResource {

  @Inject SignedInAccount signedIn;
  @Inject NotionSettings settings;

  @GET
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  public Response json() {
    Optional<SignedInAccount.Person> person = signedIn.current();
    if (person.isEmpty()) {
      return Problem.of(
              Response.Status.UNAUTHORIZED,
              "sign-in-required",
              "Sign in at /signin with an admin account first")
          .toResponse();
    }
    if (!person.get().roles().contains(Account.ROLE_ADMIN)) {
      return Problem.of(Response.Status.FORBIDDEN, "admin-only", "Only admins see these settings")
          .toResponse();
    }
    return Response.ok(settings.settings().toString(), MediaType.APPLICATION_JSON)
        .cacheControl(noStore())
        .build();
  }

  private static CacheControl noStore() {
    CacheControl cache = new CacheControl();
    cache.setNoStore(true);
    cache.setNoCache(true);
    return cache;
  }
}
