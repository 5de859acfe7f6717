package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.AdminSources;
import io.previewbridge.admin.control.AuditLog;
import io.previewbridge.admin.control.NotionSettings;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Source;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sources: {@code GET /api/admin/sources} (what is loaded, and Notion's settings), {@code POST
 * /api/admin/sources/try} {url, account} and {@code POST /api/admin/sources/check} {sources}; the
 * page {@code /admin/sources}.
 */
@Path("")
@AdminOnly
@Tag(name = "admin")
public class SourcesAdminResource {

  static final String LOADED_IS_VALID =
      "The loaded sources file passed the start-up validation: the server does not start with an"
          + " invalid one. Check a changed file with POST /api/admin/sources/check before deploying"
          + " it.";

  @Inject AdminSources sources;
  @Inject NotionSettings notionSettings;
  @Inject AuditLog audit;
  @Inject SignedInAccount signedIn;
  @Inject AdminPages adminPages;
  @Context UriInfo uriInfo;

  @GET
  @Path("api/admin/sources")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "The loaded sources (id, kind, pattern, samples, refresh, upstream host, auth,"
              + " restricted policy), their"
              + " validation, and the values to paste into Notion's settings")
  public Response list() {
    JsonArrayBuilder items = JsonP.createArrayBuilder();
    for (Source source : sources.loaded()) {
      items.add(json(source));
    }
    return ok(
        JsonP.createObjectBuilder()
            .add("location", sources.location())
            .add("developerName", sources.developerName())
            .add("valid", true)
            .add("validation", LOADED_IS_VALID)
            .add("items", items)
            .add("notionSettings", notionSettings.settings()));
  }

  @POST
  @Path("api/admin/sources/try")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Builds the preview of {url} as {account} (a username or account id) would get it from an unfurl:"
              + " real matching, fetch and mapping; nothing is tracked and Notion is not called")
  public Response tryUrl(String body) {
    JsonBody json = JsonBody.of(body);
    String url = json.string("url");
    String account = json.string("account");
    json.check("The URL cannot be tried.");
    AdminSources.Tried tried = sources.tryUrl(actor(), url, account);
    JsonObjectBuilder answer =
        JsonP.createObjectBuilder()
            .add("uri", tried.uri())
            .add("account", tried.account().username())
            .add("matched", tried.source().isPresent())
            .add("operations", tried.operations())
            .add("unfurlAnswer", AdminSources.unfurlAnswer(tried));
    tried.source().ifPresent(s -> answer.add("source", s.id()).add("kind", s.kind().json()));
    if (tried.result() instanceof PreviewResult.Attributes attributes) {
      answer.add("result", "attributes").add("attributes", attributes.attributes());
    } else if (tried.result() instanceof PreviewResult.Failure failure) {
      answer
          .add("result", "error")
          .add("status", failure.status())
          .add("message", failure.message())
          .add("definitive", failure.definitive());
    }
    return ok(answer);
  }

  @POST
  @Path("api/admin/sources/check")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Checks a sources file {sources: <the file as JSON or as text>} with the start-up"
              + " validator; lists every problem with its JSON path (200, valid true or false)")
  public Response check(String body) {
    JsonBody json = JsonBody.of(body);
    JsonValue value = json.object().get("sources");
    String text;
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      throw new InvalidInput(
          "Send the sources file to check as {\"sources\": ...}.",
          List.of(
              new InvalidInput.Violation(
                  "sources", "is required: the file's JSON object, or its text as a string")));
    } else if (value instanceof JsonString string) {
      text = string.getString();
    } else {
      text = value.toString();
    }
    AdminSources.Checked checked = sources.check(text);
    JsonArrayBuilder problems = JsonP.createArrayBuilder();
    for (String problem : checked.problems()) {
      int colon = problem.indexOf(": ");
      problems.add(
          JsonP.createObjectBuilder()
              .add("path", colon < 0 ? "$" : problem.substring(0, colon))
              .add("message", colon < 0 ? problem : problem.substring(colon + 2)));
    }
    audit.record(
        actor(),
        "source.check",
        null,
        checked.problems().isEmpty()
            ? "valid, sources " + checked.sourceIds()
            : checked.problems().size() + " problem(s)");
    return ok(
        JsonP.createObjectBuilder()
            .add("valid", checked.problems().isEmpty())
            .add("problems", problems)
            .add("sources", JsonP.createArrayBuilder(checked.sourceIds())));
  }

  @GET
  @Path("admin/sources")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Source source : sources.loaded()) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", source.id());
      row.put("kind", source.kind().json());
      row.put("pattern", NotionSettings.javascriptPattern(source.pattern().pattern()));
      row.put("samples", source.samples());
      row.put("refresh", describe(source.refresh()));
      row.put("host", AdminSources.upstreamHost(source).orElse("—"));
      row.put("auth", source.auth().describe());
      row.put("restricted", source.restricted().describe());
      rows.add(row);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("sources", rows);
    model.put("location", sources.location());
    model.put("developerName", sources.developerName());
    model.put("validation", LOADED_IS_VALID);
    model.put("me", signedIn.current().map(SignedInAccount.Person::username).orElse(""));
    return adminPages.render(
        uriInfo.getBaseUri().getPath(), "admin-sources", "sources", "Sources", model);
  }

  /** "PT5M (hot PT1M, at most PT20M)": the settled interval and its bounds. */
  static String describe(Refresh refresh) {
    return refresh.base() + " (hot " + refresh.min() + ", at most " + refresh.max() + ")";
  }

  private String actor() {
    return signedIn.current().orElseThrow().username();
  }

  static JsonObjectBuilder json(Source source) {
    JsonArrayBuilder samples = JsonP.createArrayBuilder();
    source.samples().forEach(samples::add);
    JsonObjectBuilder json =
        JsonP.createObjectBuilder()
            .add("id", source.id())
            .add("kind", source.kind().json())
            .add("pattern", NotionSettings.javascriptPattern(source.pattern().pattern()))
            .add("samples", samples)
            .add("refresh", source.refresh().base().toString())
            .add("refreshMin", source.refresh().min().toString())
            .add("refreshMax", source.refresh().max().toString());
    source.fetch().ifPresent(f -> json.add("fetchUrl", f.url().source()));
    AdminSources.upstreamHost(source).ifPresent(h -> json.add("upstreamHost", h));
    source.bean().ifPresent(b -> json.add("bean", b));
    json.add("auth", source.auth().kind().json());
    source.auth().audience().ifPresent(a -> json.add("authAudience", a));
    source.auth().scope().ifPresent(s -> json.add("authScope", s));
    source.auth().provider().ifPresent(p -> json.add("authProvider", p));
    json.add(
        "restricted",
        source.restricted().declared() ? source.restricted().policy().json() : "none");
    if (source.restricted().declared()) {
      json.add("restrictedRule", source.restricted().describe());
    }
    return json;
  }

  private static Response ok(JsonObjectBuilder json) {
    return Response.ok(json.build().toString(), MediaType.APPLICATION_JSON)
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }
}
