package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.NotionSettings;
import io.previewbridge.platform.entity.JsonP;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to paste into Notion's Link Preview settings, for admins only: {@code GET
 * /admin/notion-settings}, a page with copy-ready values (JSON: {@link NotionSettingsResource}).
 * Access as for every console page ({@link AdminAccessFilter}).
 */
@Path("admin/notion-settings")
@AdminOnly
public class NotionSettingsPageResource {

  @Inject NotionSettings settings;
  @Inject AdminPages adminPages;
  @Context UriInfo uriInfo;

  @GET
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page() {
    JsonObject all = settings.settings();
    JsonObject oauth = all.getJsonObject("externalAuthorization");
    List<Map<String, String>> fields = new ArrayList<>();
    field(fields, "OAuth Authorize URL", oauth.getString("oauthAuthorizeUrl"));
    field(fields, "OAuth Token URL", oauth.getString("oauthTokenUrl"));
    field(fields, "OAuth Client ID", oauth.getString("oauthClientId"));
    field(fields, "OAuth Client Secret", oauth.getString("oauthClientSecret"));
    field(fields, "Deleted Token Callback URL", oauth.getString("deletedTokenCallbackUrl"));
    field(fields, "Unfurl Callback URL", oauth.getString("unfurlCallbackUrl"));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (JsonValue value : all.getJsonArray("rules")) {
      JsonObject rule = value.asJsonObject();
      Map<String, Object> row = new HashMap<>();
      row.put("name", rule.getString("ruleName"));
      row.put("kind", rule.getString("kind"));
      row.put(
          "samples",
          String.join(
              "\n",
              rule.getJsonArray("sampleUrls").getValuesAs(jakarta.json.JsonString::getString)));
      row.put("pattern", rule.getString("pattern"));
      row.put("attributes", pretty(rule.get("unfurlRegexAttributes")));
      rules.add(row);
    }
    return adminPages.render(
        uriInfo.getBaseUri().getPath(),
        "admin-notion-settings",
        "notion-settings",
        "Notion settings",
        Map.of("fields", fields, "rules", rules));
  }

  private static void field(List<Map<String, String>> fields, String label, String value) {
    fields.add(Map.of("label", label, "value", value));
  }

  private static String pretty(JsonValue value) {
    JsonWriterFactory factory =
        JsonP.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    StringWriter out = new StringWriter();
    try (var writer = factory.createWriter(out)) {
      writer.write(value);
    }
    return out.toString().strip();
  }
}
