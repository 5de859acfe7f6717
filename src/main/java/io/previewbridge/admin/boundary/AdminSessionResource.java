package io.previewbridge.admin.boundary;

import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.platform.entity.JsonP;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/admin/session}: who is signed in, and the CSRF token that every changing admin
 * API call must send in {@code X-CSRF-Token}. A script signs in at {@code /signin} (form post,
 * cookie jar), reads this once, and then drives the API.
 */
@Path("api/admin/session")
@AdminOnly
@Tag(name = "admin", description = "The admin console's API (session sign-in, admin role)")
public class AdminSessionResource {

  @Inject SignedInAccount signedIn;
  @Inject CsrfToken csrf;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The signed-in admin and the session's CSRF token")
  public Response session() {
    SignedInAccount.Person person = signedIn.current().orElseThrow();
    return Response.ok(
            JsonP.createObjectBuilder()
                .add("username", person.username())
                .add("displayName", person.displayName())
                .add("roles", JsonP.createArrayBuilder(person.roles()))
                .add("csrfToken", csrf.value())
                .add("csrfHeader", AdminAccessFilter.CSRF_HEADER)
                .build()
                .toString())
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }
}
