package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.AdminPreviews;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.tracking.entity.TrackedPreview;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
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
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tracked previews: {@code GET /api/admin/previews} (search), {@code GET /api/admin/previews/{id}}
 * (with the last attributes given to Notion), {@code POST .../refresh} and {@code POST .../stop};
 * the pages {@code /admin/previews} and {@code /admin/previews/{id}}.
 */
@Path("")
@AdminOnly
@Tag(name = "admin")
public class PreviewsAdminResource {

  static final int DEFAULT_LIMIT = 50;

  @Inject AdminPreviews previews;
  @Inject SignedInAccount signedIn;
  @Inject AdminPages adminPages;
  @Context UriInfo uriInfo;

  @GET
  @Path("api/admin/previews")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Tracked previews, newest first: q matches the uri (substring, any case) or a source id;"
              + " source and status (active, stopped) filter; limit 1 to 200 (default 50), offset")
  public Response list(
      @QueryParam("q") String q,
      @QueryParam("source") String source,
      @QueryParam("status") String status,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    AdminPreviews.Search search = search(q, source, status, limit, offset);
    AdminPreviews.Page page = previews.search(search);
    JsonArrayBuilder items = JsonP.createArrayBuilder();
    page.items().forEach(view -> items.add(json(view)));
    return ok(
        JsonP.createObjectBuilder()
            .add("items", items)
            .add("total", page.total())
            .add("limit", search.limit())
            .add("offset", search.offset()));
  }

  @GET
  @Path("api/admin/previews/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "One tracked preview, with its last attributes (the operations array)")
  public Response get(@PathParam("id") String id) {
    return ok(detail(previews.get(id)));
  }

  @POST
  @Path("api/admin/previews/{id}/refresh")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Makes the preview due now and starts a check in the background (409 if it is stopped"
              + " or its connection is not active)")
  public Response refresh(@PathParam("id") String id) {
    return ok(detail(previews.refresh(actor(), id)));
  }

  @POST
  @Path("api/admin/previews/{id}/stop")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Stops tracking the preview, as Notion's DELETE of it would (409 if stopped already)")
  public Response stop(@PathParam("id") String id) {
    return ok(detail(previews.stop(actor(), id)));
  }

  @GET
  @Path("admin/previews")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page(
      @QueryParam("q") String q,
      @QueryParam("source") String source,
      @QueryParam("status") String status) {
    Map<String, Object> model = new HashMap<>();
    model.put("q", q == null ? "" : q);
    model.put("source", source == null ? "" : source);
    model.put("statusActive", "active".equalsIgnoreCase(status));
    model.put("statusStopped", "stopped".equalsIgnoreCase(status));
    List<Map<String, Object>> rows = new ArrayList<>();
    try {
      AdminPreviews.Page page = previews.search(search(q, source, status, null, null));
      for (AdminPreviews.View view : page.items()) {
        rows.add(row(view));
      }
      model.put("total", page.total());
      model.put("more", page.total() > rows.size());
    } catch (InvalidInput invalid) {
      model.put("error", invalid.getMessage());
    }
    model.put("previews", rows);
    model.put("empty", rows.isEmpty());
    return adminPages.render(
        uriInfo.getBaseUri().getPath(), "admin-previews", "previews", "Tracked previews", model);
  }

  @GET
  @Path("admin/previews/{id}")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response detailPage(@PathParam("id") String id) {
    AdminPreviews.View view = previews.get(id);
    Map<String, Object> model = row(view);
    model.put("detail", true);
    return adminPages.render(
        uriInfo.getBaseUri().getPath(),
        "admin-previews",
        "previews",
        "Tracked preview",
        Map.of("preview", model, "detail", true));
  }

  private String actor() {
    return signedIn.current().orElseThrow().username();
  }

  static AdminPreviews.Search search(
      String q, String source, String status, String limit, String offset) {
    List<InvalidInput.Violation> problems = new ArrayList<>();
    int l = number(limit, DEFAULT_LIMIT, "limit", problems);
    int o = number(offset, 0, "offset", problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput("The search cannot be run.", problems);
    }
    return new AdminPreviews.Search(q, source, AdminPreviews.status(status), l, o);
  }

  private static int number(
      String text, int fallback, String name, List<InvalidInput.Violation> problems) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      problems.add(new InvalidInput.Violation(name, "must be a whole number"));
      return fallback;
    }
  }

  private static Map<String, Object> row(AdminPreviews.View view) {
    TrackedPreview p = view.preview();
    Map<String, Object> row = new HashMap<>();
    row.put("id", p.id());
    row.put("uri", p.uri());
    // only a web address becomes a link: never javascript:, data: or the like
    row.put(
        "linkable",
        p.uri().regionMatches(true, 0, "https://", 0, 8)
            || p.uri().regionMatches(true, 0, "http://", 0, 7));
    row.put("sourceId", p.sourceId());
    row.put("active", p.isActive());
    row.put("status", p.status().name().toLowerCase(Locale.ROOT));
    row.put("account", AdminPreviews.username(view).orElse("?"));
    row.put(
        "workspace",
        view.connection() == null || view.connection().workspace() == null
            ? ""
            : view.connection().workspace().name());
    row.put("lastCheckedAt", text(p.lastCheckedAt()));
    row.put("lastChangedAt", text(p.lastChangedAt()));
    row.put("nextCheckAt", p.isActive() ? text(p.nextCheckAt()) : "");
    row.put("lastError", p.lastError() == null ? "" : p.lastError());
    return row;
  }

  private static String text(Instant instant) {
    return instant == null ? "" : instant.toString();
  }

  static JsonObjectBuilder json(AdminPreviews.View view) {
    TrackedPreview p = view.preview();
    JsonObjectBuilder json =
        JsonP.createObjectBuilder()
            .add("id", p.id())
            .add("uri", p.uri())
            .add("sourceId", p.sourceId())
            .add("status", p.status().name().toLowerCase(Locale.ROOT))
            .add("connectionId", p.connectionId())
            .add("createdAt", p.createdAt().toString());
    AdminPreviews.username(view).ifPresent(u -> json.add("account", u));
    if (view.connection() != null) {
      json.add("connectionStatus", view.connection().status().name().toLowerCase(Locale.ROOT));
      if (view.connection().workspace() != null) {
        json.add("workspace", view.connection().workspace().name());
      }
    }
    add(json, "lastUnfurledAt", p.lastUnfurledAt());
    add(json, "lastCheckedAt", p.lastCheckedAt());
    add(json, "lastChangedAt", p.lastChangedAt());
    if (p.isActive()) {
      add(json, "nextCheckAt", p.nextCheckAt());
    }
    if (p.lastError() != null) {
      json.add("lastError", p.lastError());
    }
    return json;
  }

  /** {@link #json} and the operations array last given to Notion, as JSON. */
  static JsonObjectBuilder detail(AdminPreviews.View view) {
    JsonObjectBuilder json = json(view);
    String attributes = view.preview().attributes();
    if (attributes != null) {
      try (var reader = JsonP.createReader(new StringReader(attributes))) {
        json.add("attributes", reader.readValue());
      } catch (JsonException unreadable) {
        json.add("attributes", attributes);
      }
    }
    return json;
  }

  private static void add(JsonObjectBuilder json, String name, Instant instant) {
    if (instant != null) {
      json.add(name, instant.toString());
    }
  }

  private static Response ok(JsonObjectBuilder json) {
    return Response.ok(json.build().toString(), MediaType.APPLICATION_JSON)
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }
}
