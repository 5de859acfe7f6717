package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.AdminConnections;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.notion.entity.Connection;
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
 * Connections: {@code GET /api/admin/connections} (optionally {@code
 * ?status=active|needs-reconnect| revoked}, {@code &limit=1..500}), {@code GET
 * /api/admin/connections/{id}}, {@code POST /api/admin/connections/{id}/revoke} (the deleted-token
 * callback's effect, audit-logged), and the page {@code /admin/connections}.
 */
@Path("")
@AdminOnly
@Tag(name = "admin")
public class ConnectionsResource {

  static final int DEFAULT_LIMIT = 200;

  @Inject AdminConnections connections;
  @Inject SignedInAccount signedIn;
  @Inject AdminPages adminPages;
  @Context UriInfo uriInfo;

  @GET
  @Path("api/admin/connections")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Connections, newest first: account, workspace, created, last used, status"
              + " (status=active|needs-reconnect|revoked, limit 1 to 500, default 200)")
  public Response list(@QueryParam("status") String status, @QueryParam("limit") String limit) {
    List<AdminConnections.Row> rows =
        connections.list(
            status(status), AdminInput.limit(limit, DEFAULT_LIMIT, AdminConnections.MAX_LIMIT));
    JsonArrayBuilder items = JsonP.createArrayBuilder();
    rows.forEach(row -> items.add(json(row)));
    return AdminInput.ok(JsonP.createObjectBuilder().add("items", items).add("count", rows.size()));
  }

  @GET
  @Path("api/admin/connections/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "One connection")
  public Response get(@PathParam("id") String id) {
    return AdminInput.ok(json(connections.get(AdminInput.id(id))));
  }

  @POST
  @Path("api/admin/connections/{id}/revoke")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Revokes a connection like Notion's deleted-token callback: its previews stop, its"
              + " pending deliveries are superseded (idempotent; changed=false if already revoked)")
  public Response revoke(@PathParam("id") String id) {
    String connectionId = AdminInput.id(id);
    boolean changed;
    try {
      changed = connections.revoke(actor(), connectionId);
    } catch (RuntimeException e) {
      if (VersionConflicts.lost(e)) {
        return AdminInput.changedMeanwhile();
      }
      throw e;
    }
    return AdminInput.ok(json(connections.get(connectionId)).add("changed", changed));
  }

  @GET
  @Path("admin/connections")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page() {
    List<Map<String, Object>> rows =
        connections.list(null, AdminConnections.MAX_LIMIT).stream().map(this::pageRow).toList();
    return adminPages.render(
        uriInfo.getBaseUri().getPath(),
        "admin-connections",
        "connections",
        "Connections",
        Map.of("connections", rows, "empty", rows.isEmpty()));
  }

  private Map<String, Object> pageRow(AdminConnections.Row row) {
    Map<String, Object> map = new HashMap<>();
    map.put("id", row.id());
    map.put("username", row.username() == null ? row.accountId() : row.username());
    map.put("notionUser", row.notionUser());
    map.put("workspaceName", row.workspaceName() == null ? "" : row.workspaceName());
    map.put("workspaceId", row.workspaceId());
    map.put("created", AdminInput.when(row.createdAt()));
    map.put("lastUsed", AdminInput.when(row.lastUsedAt()));
    map.put("status", statusName(row.status()));
    map.put(
        "badge",
        switch (row.status()) {
          case ACTIVE -> "ok";
          case NEEDS_RECONNECT -> "warn";
          case REVOKED -> "bad";
        });
    map.put("label", label(row.status()));
    map.put("revocable", row.status() != Connection.Status.REVOKED);
    return map;
  }

  static JsonObjectBuilder json(AdminConnections.Row row) {
    JsonObjectBuilder json = JsonP.createObjectBuilder().add("id", row.id());
    JsonObjectBuilder account = JsonP.createObjectBuilder().add("id", row.accountId());
    AdminInput.add(account, "username", row.username());
    JsonObjectBuilder workspace = JsonP.createObjectBuilder().add("id", row.workspaceId());
    AdminInput.add(workspace, "name", row.workspaceName());
    json.add("account", account).add("workspace", workspace);
    AdminInput.add(json, "notionUser", row.notionUser());
    json.add("status", statusName(row.status()));
    AdminInput.add(json, "createdAt", row.createdAt());
    AdminInput.add(json, "lastUsedAt", row.lastUsedAt());
    AdminInput.add(json, "revokedAt", row.revokedAt());
    return json;
  }

  /** The API's names: active, needs-reconnect, revoked. */
  static String statusName(Connection.Status status) {
    return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String label(Connection.Status status) {
    return switch (status) {
      case ACTIVE -> "active";
      case NEEDS_RECONNECT -> "needs reconnection";
      case REVOKED -> "revoked";
    };
  }

  static Connection.Status status(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (Connection.Status status : Connection.Status.values()) {
      if (statusName(status).equals(value.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) {
        return status;
      }
    }
    throw new InvalidInput(
        "Bad status",
        List.of(
            new InvalidInput.Violation(
                "status",
                "must be one of active, needs-reconnect, revoked; got "
                    + AdminInput.shown(value))));
  }

  private String actor() {
    return signedIn.current().orElseThrow().username();
  }
}
