package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.AdminDeliveries;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.control.VersionConflicts;
import io.previewbridge.platform.entity.JsonP;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Deliveries to Notion that need an admin's eye: {@code GET /api/admin/deliveries} ({@code
 * ?status=pending|failed}, both if absent; {@code &limit=1..500}), {@code GET
 * /api/admin/deliveries/{id}}, {@code POST .../{id}/retry} and {@code POST .../{id}/discard}
 * (audit-logged; 409 when the state does not allow it, see {@link AdminDeliveries}), and the page
 * {@code /admin/deliveries}.
 */
@Path("")
@AdminOnly
@Tag(name = "admin")
public class DeliveriesResource {

  static final int DEFAULT_LIMIT = 200;

  @Inject AdminDeliveries deliveries;
  @Inject SignedInAccount signedIn;
  @Inject AdminPages adminPages;
  @Context UriInfo uriInfo;

  @GET
  @Path("api/admin/deliveries")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Pending (soonest first) or failed (newest first) deliveries with Notion's last answer"
              + " (status=pending|failed, both if absent; limit 1 to 500, default 200)")
  public Response list(@QueryParam("status") String status, @QueryParam("limit") String limit) {
    List<AdminDeliveries.Row> rows =
        deliveries.list(
            filter(status), AdminInput.limit(limit, DEFAULT_LIMIT, AdminDeliveries.MAX_LIMIT));
    JsonArrayBuilder items = JsonP.createArrayBuilder();
    rows.forEach(row -> items.add(json(row)));
    return AdminInput.ok(JsonP.createObjectBuilder().add("items", items).add("count", rows.size()));
  }

  @GET
  @Path("api/admin/deliveries/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "One delivery")
  public Response get(@PathParam("id") String id) {
    return AdminInput.ok(json(deliveries.get(AdminInput.id(id))));
  }

  @POST
  @Path("api/admin/deliveries/{id}/retry")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Makes a failed or pending delivery due now with its attempts reset; 409 if it was"
              + " delivered or superseded, if a newer state of its preview exists (a newer"
              + " delivery, or a later unfurl), or if its connection is revoked or needs"
              + " reconnection")
  public Response retry(@PathParam("id") String id) {
    String deliveryId = AdminInput.id(id);
    try {
      return AdminInput.ok(json(deliveries.retry(actor(), deliveryId)));
    } catch (RuntimeException e) {
      if (VersionConflicts.lost(e)) {
        return AdminInput.changedMeanwhile();
      }
      throw e;
    }
  }

  @POST
  @Path("api/admin/deliveries/{id}/discard")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Marks a failed or pending delivery superseded, so it is never sent; 409 if it was"
              + " delivered or superseded already")
  public Response discard(@PathParam("id") String id) {
    String deliveryId = AdminInput.id(id);
    try {
      return AdminInput.ok(json(deliveries.discard(actor(), deliveryId)));
    } catch (RuntimeException e) {
      if (VersionConflicts.lost(e)) {
        return AdminInput.changedMeanwhile();
      }
      throw e;
    }
  }

  @GET
  @Path("admin/deliveries")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page(@QueryParam("status") String status) {
    AdminDeliveries.Filter filter;
    try {
      filter = filter(status);
    } catch (InvalidInput bad) {
      filter = null;
    }
    if (filter == null) {
      filter = AdminDeliveries.Filter.FAILED;
    }
    List<Map<String, Object>> rows =
        deliveries.list(filter, AdminDeliveries.MAX_LIMIT).stream().map(this::pageRow).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("deliveries", rows);
    model.put("empty", rows.isEmpty());
    model.put("failed", filter == AdminDeliveries.Filter.FAILED);
    model.put("pending", filter == AdminDeliveries.Filter.PENDING);
    model.put("filter", filter.name().toLowerCase(Locale.ROOT));
    return adminPages.render(
        uriInfo.getBaseUri().getPath(), "admin-deliveries", "deliveries", "Deliveries", model);
  }

  private Map<String, Object> pageRow(AdminDeliveries.Row row) {
    Map<String, Object> map = new HashMap<>();
    map.put("id", row.id());
    map.put("uri", row.uri());
    map.put("connectionId", row.connectionId());
    map.put("username", row.username() == null ? "" : row.username());
    map.put("workspaceName", row.workspaceName() == null ? "" : row.workspaceName());
    map.put("attempts", row.attempts());
    map.put("created", AdminInput.when(row.createdAt()));
    map.put("nextAttempt", AdminInput.when(row.nextAttemptAt()));
    map.put("lastStatus", row.lastStatus() == null ? "—" : row.lastStatus().toString());
    map.put("lastError", row.lastError() == null ? "" : row.lastError());
    map.put("status", row.status().name().toLowerCase(Locale.ROOT));
    return map;
  }

  static JsonObjectBuilder json(AdminDeliveries.Row row) {
    JsonObjectBuilder json =
        JsonP.createObjectBuilder()
            .add("id", row.id())
            .add("uri", row.uri())
            .add("trackedPreviewId", row.trackedPreviewId())
            .add("status", row.status().name().toLowerCase(Locale.ROOT));
    JsonObjectBuilder connection = JsonP.createObjectBuilder().add("id", row.connectionId());
    AdminInput.add(connection, "username", row.username());
    AdminInput.add(connection, "workspaceName", row.workspaceName());
    json.add("connection", connection).add("attempts", row.attempts());
    AdminInput.add(json, "createdAt", row.createdAt());
    AdminInput.add(json, "nextAttemptAt", row.nextAttemptAt());
    AdminInput.add(json, "lastStatus", row.lastStatus());
    AdminInput.add(json, "lastError", row.lastError());
    return json;
  }

  static AdminDeliveries.Filter filter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "pending" -> AdminDeliveries.Filter.PENDING;
      case "failed" -> AdminDeliveries.Filter.FAILED;
      default ->
          throw new InvalidInput(
              "Bad status",
              List.of(
                  new InvalidInput.Violation(
                      "status", "must be pending or failed; got " + AdminInput.shown(value))));
    };
  }

  private String actor() {
    return signedIn.current().orElseThrow().username();
  }
}
