package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.AuditLog;
import io.previewbridge.admin.entity.AuditEntry;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.entity.JsonP;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log: {@code GET /api/admin/audit-log} (JSON) and {@code GET /admin/audit-log}. */
@Path("")
@AdminOnly
@Tag(name = "admin")
public class AuditLogResource {

  static final int MAX_LIMIT = 500;

  @Inject AuditLog auditLog;
  @Inject AdminPages adminPages;
  @Context UriInfo uriInfo;

  @GET
  @Path("api/admin/audit-log")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Admin actions, newest first (limit 1 to 500, default 100)")
  public Response list(@QueryParam("limit") @DefaultValue("100") String limit) {
    JsonArrayBuilder entries = JsonP.createArrayBuilder();
    for (AuditEntry entry : auditLog.recent(limit(limit))) {
      entries.add(json(entry));
    }
    return Response.ok(
            JsonP.createObjectBuilder().add("entries", entries).build().toString(),
            MediaType.APPLICATION_JSON)
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }

  @GET
  @Path("admin/audit-log")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page() {
    List<Map<String, String>> rows =
        auditLog.recent(MAX_LIMIT).stream()
            .map(
                e ->
                    Map.of(
                        "at", AdminInput.when(e.occurredAt()),
                        "actor", e.actor(),
                        "action", e.action(),
                        "target", e.target() == null ? "" : e.target(),
                        "detail", e.detail() == null ? "" : e.detail()))
            .toList();
    return adminPages.render(
        uriInfo.getBaseUri().getPath(),
        "admin-audit-log",
        "audit-log",
        "Audit log",
        Map.of("entries", rows, "empty", rows.isEmpty()));
  }

  static JsonObjectBuilder json(AuditEntry entry) {
    JsonObjectBuilder json =
        JsonP.createObjectBuilder()
            .add("id", entry.id())
            .add("occurredAt", entry.occurredAt().toString())
            .add("actor", entry.actor())
            .add("action", entry.action());
    if (entry.target() != null) {
      json.add("target", entry.target());
    }
    if (entry.detail() != null) {
      json.add("detail", entry.detail());
    }
    return json;
  }

  private static int limit(String value) {
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInput("limit must be a whole number from 1 to " + MAX_LIMIT);
  }
}
