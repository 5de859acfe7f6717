package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.Latencies;
import io.previewbridge.admin.control.Overview;
import io.previewbridge.nodes.control.Nodes;
import io.previewbridge.nodes.entity.Node;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.entity.JsonP;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The overview: {@code GET /api/admin/overview} (counts, recent errors, the last hour's unfurl and
 * push latency per minute, the live nodes) and the page {@code /admin}, whose chart {@code
 * admin-overview.js} draws from that same JSON.
 */
@Path("")
@AdminOnly
@Tag(name = "admin")
public class OverviewResource {

  @Inject Overview overview;
  @Inject Nodes nodes;
  @Inject AdminPages adminPages;
  @Context UriInfo uriInfo;

  @GET
  @Path("api/admin/overview")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Counts (connections by status, workspaces, previews, pending and failed deliveries),"
              + " recent errors, unfurl (this node, in memory) and push latency per minute"
              + " over the last hour, and the live nodes on this database")
  public Response json() {
    Overview.Counts counts = overview.counts();
    JsonObjectBuilder connections = JsonP.createObjectBuilder();
    long total = 0;
    for (Map.Entry<Connection.Status, Long> e : counts.connections().entrySet()) {
      connections.add(ConnectionsResource.statusName(e.getKey()), e.getValue());
      total += e.getValue();
    }
    connections.add("total", total);
    JsonArrayBuilder errors = JsonP.createArrayBuilder();
    for (Overview.RecentError error : overview.recentErrors()) {
      JsonObjectBuilder json =
          JsonP.createObjectBuilder()
              .add("kind", error.kind())
              .add("id", error.id())
              .add("uri", error.uri());
      AdminInput.add(json, "at", error.at());
      AdminInput.add(json, "status", error.status());
      AdminInput.add(json, "message", error.message());
      errors.add(json);
    }
    return AdminInput.ok(
        JsonP.createObjectBuilder()
            .add("connections", connections)
            .add("workspaces", counts.workspaces())
            .add(
                "previews",
                JsonP.createObjectBuilder()
                    .add("active", counts.activePreviews())
                    .add("stopped", counts.stoppedPreviews()))
            .add(
                "deliveries",
                JsonP.createObjectBuilder()
                    .add("pending", counts.pendingDeliveries())
                    .add("failed", counts.failedDeliveries()))
            .add("recentErrors", errors)
            .add("nodes", nodesJson())
            .add(
                "latency",
                JsonP.createObjectBuilder()
                    .add(
                        "unfurl",
                        series(
                            "POST /notion/unfurl, measured on this node and kept in its memory"
                                + " (a restart starts empty)",
                            overview.unfurlLatency()))
                    .add(
                        "push",
                        series(
                            "delivery written to delivered (Notion accepted the PATCH), from the"
                                + " delivery table, per minute of delivery",
                            overview.pushLatency()))));
  }

  @GET
  @Path("admin")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page() {
    Overview.Counts counts = overview.counts();
    Map<String, Object> model = new HashMap<>();
    long total = counts.connections().values().stream().mapToLong(Long::longValue).sum();
    model.put("connectionsTotal", total);
    model.put("connectionsActive", counts.connections().get(Connection.Status.ACTIVE));
    model.put("connectionsReconnect", counts.connections().get(Connection.Status.NEEDS_RECONNECT));
    model.put("connectionsRevoked", counts.connections().get(Connection.Status.REVOKED));
    model.put("workspaces", counts.workspaces());
    model.put("previewsActive", counts.activePreviews());
    model.put("previewsStopped", counts.stoppedPreviews());
    model.put("deliveriesPending", counts.pendingDeliveries());
    model.put("deliveriesFailed", counts.failedDeliveries());
    model.put("anyFailed", counts.failedDeliveries() > 0);
    List<Map<String, Object>> errors =
        overview.recentErrors().stream()
            .map(
                e -> {
                  Map<String, Object> row = new HashMap<>();
                  row.put("kind", e.kind());
                  row.put("id", e.id());
                  row.put("uri", e.uri());
                  row.put("at", AdminInput.when(e.at()));
                  row.put("status", e.status() == null ? "" : "HTTP " + e.status());
                  row.put("message", e.message() == null ? "" : e.message());
                  row.put("delivery", "delivery".equals(e.kind()));
                  return row;
                })
            .toList();
    model.put("errors", errors);
    model.put("noErrors", errors.isEmpty());
    model.put(
        "nodes",
        nodes.live().stream()
            .map(
                n -> {
                  Map<String, Object> row = new HashMap<>();
                  row.put("name", n.name());
                  row.put("startedAt", AdminInput.when(n.startedAt()));
                  row.put("seenAt", AdminInput.when(n.seenAt()));
                  row.put("thisNode", n.id().equals(nodes.id()));
                  return row;
                })
            .toList());
    return adminPages.render(
        uriInfo.getBaseUri().getPath(), "admin-overview", "", "Overview", model);
  }

  /** The live nodes, oldest first; {@code thisNode} marks the one answering. */
  private JsonArrayBuilder nodesJson() {
    JsonArrayBuilder array = JsonP.createArrayBuilder();
    for (Node node : nodes.live()) {
      array.add(
          JsonP.createObjectBuilder()
              .add("name", node.name())
              .add("startedAt", node.startedAt().toString())
              .add("seenAt", node.seenAt().toString())
              .add("thisNode", node.id().equals(nodes.id())));
    }
    return array;
  }

  private static JsonObjectBuilder series(String what, List<Latencies.Minute> minutes) {
    JsonArrayBuilder array = JsonP.createArrayBuilder();
    for (Latencies.Minute m : minutes) {
      array.add(
          JsonP.createObjectBuilder()
              .add("start", m.start().toString())
              .add("count", m.count())
              .add("p50Millis", m.p50Millis())
              .add("p95Millis", m.p95Millis()));
    }
    return JsonP.createObjectBuilder().add("measures", what).add("minutes", array);
  }
}
