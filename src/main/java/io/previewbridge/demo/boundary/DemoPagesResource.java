package io.previewbridge.demo.boundary;

import io.previewbridge.demo.control.DemoCatalog;
import io.previewbridge.demo.control.DemoImages;
import io.previewbridge.demo.control.DemoLinks;
import io.previewbridge.demo.entity.DemoItem;
import io.previewbridge.demo.entity.DemoItem.Chart;
import io.previewbridge.demo.entity.DemoItem.DesignFile;
import io.previewbridge.platform.boundary.Redirects;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.control.NotFound;
import io.previewbridge.platform.control.Pages;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo product as a person sees it: the list of items, each item's page (the URL people paste
 * into Notion) with a form that edits it, the framable chart pages and the generated images.
 */
@DemoOnly
@RequestScoped
@Path("demo")
public class DemoPagesResource {

  static final String HTML = MediaType.TEXT_HTML + "; charset=utf-8";
  static final String SVG = "image/svg+xml";

  /**
   * Who may frame a chart page: Notion (the preview's embed) and our own pages (the item page and
   * the simulator). Images and styles come from the WAR only; the page runs no script at all.
   */
  static final String CHART_POLICY =
      "frame-ancestors 'self' https://www.notion.so https://notion.so; default-src 'none';"
          + " style-src 'self'; img-src 'self'";

  private static final Pattern SVG_FILE = Pattern.compile("([a-z0-9][a-z0-9-]{0,80})\\.svg");

  @Inject DemoCatalog catalog;
  @Inject DemoLinks links;
  @Inject DemoImages images;
  @Inject Pages pages;
  @Context UriInfo uri;

  @GET
  @Produces(HTML)
  public String list() {
    return pages.render("demo-list", ItemView.list(catalog.all(), links, root()));
  }

  @GET
  @Path("items/{id}")
  @Produces(HTML)
  public String item(@PathParam("id") String id, @QueryParam("saved") String saved) {
    DemoItem item = catalog.find(id);
    return pages.render(
        "demo-item",
        ItemView.page(item, links, root(), ItemView.formValues(item), Map.of(), saved != null));
  }

  /**
   * The edit form: saves and redirects (so a reload does not post twice), or shows what is wrong.
   */
  @POST
  @Path("items/{id}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(HTML)
  public Response save(@PathParam("id") String id, MultivaluedMap<String, String> form) {
    DemoItem item = catalog.find(id);
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String name : io.previewbridge.demo.control.ItemEditor.editableFields(item.kind())) {
      fields.put(name, form.getFirst(name) == null ? "" : form.getFirst(name));
    }
    try {
      catalog.edit(id, fields, false);
      return Redirects.seeOther(
          uri,
          "demo/items/"
              + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
              + "?saved=1");
    } catch (InvalidInput invalid) {
      Map<String, String> errors = new LinkedHashMap<>();
      invalid
          .violations()
          .forEach(v -> errors.merge(v.field(), v.message(), (a, b) -> a + "; " + b));
      Map<String, String> values = new LinkedHashMap<>();
      fields.forEach((name, value) -> values.put(name, String.valueOf(value)));
      return Response.status(Response.Status.BAD_REQUEST)
          .type(HTML)
          .entity(
              pages.render("demo-item", ItemView.page(item, links, root(), values, errors, false)))
          .build();
    }
  }

  /** A chart on its own, for Notion's embed iframe (and the item page's). */
  @GET
  @Path("charts/{id}")
  @Produces(HTML)
  public Response chart(@PathParam("id") String id) {
    if (!(catalog.find(id) instanceof Chart chart)) {
      throw new NotFound("There is no chart " + id + ".");
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("root", root());
    model.put("title", chart.title());
    model.put("description", chart.description());
    model.put("updated", ItemView.when(chart.updated()));
    model.put("svg", images.chart(chart));
    model.put("page", links.page(chart));
    return Response.ok(pages.render("demo-chart", model), HTML)
        .header("Content-Security-Policy", CHART_POLICY)
        .cacheControl(noStore())
        .build();
  }

  @GET
  @Path("images/avatars/{file}")
  @Produces(SVG)
  public Response avatar(@PathParam("file") String file) {
    var name = SVG_FILE.matcher(file);
    if (!name.matches()) {
      throw new NotFound("There is no such avatar.");
    }
    CacheControl cache = new CacheControl();
    cache.setMaxAge(86_400);
    return Response.ok(images.avatar(name.group(1)), SVG).cacheControl(cache).build();
  }

  @GET
  @Path("images/designs/{file}")
  @Produces(SVG)
  public Response design(@PathParam("file") String file) {
    var name = SVG_FILE.matcher(file);
    if (!name.matches() || !(catalog.find(name.group(1)) instanceof DesignFile design)) {
      throw new NotFound("There is no such design preview.");
    }
    return Response.ok(images.designPreview(design), SVG).cacheControl(noStore()).build();
  }

  private static CacheControl noStore() {
    CacheControl cache = new CacheControl();
    cache.setNoStore(true);
    return cache;
  }

  /** The context root as a path ending in '/', for links to assets wherever the WAR is deployed. */
  private String root() {
    String path = uri.getBaseUri().getPath();
    return path.endsWith("/") ? path : path + "/";
  }
}
