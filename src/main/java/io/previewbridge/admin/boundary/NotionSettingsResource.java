package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.NotionSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What to paste into Notion's Link Preview settings as JSON, for admins only: {@code GET
 * /api/admin/notion-settings} (the page {@code /admin/notion-settings} shows the same). People sign
 * in with the session sign-in; the {@code admin} role is checked on every request.
 */
@Path("api/admin/notion-settings")
@AdminOnly
@Tag(name = "admin")
public class NotionSettingsResource {

  @Inject NotionSettings settings;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "What to paste into Notion's Link Preview settings")
  public Response json() {
    return Response.ok(settings.settings().toString(), MediaType.APPLICATION_JSON)
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }
}
