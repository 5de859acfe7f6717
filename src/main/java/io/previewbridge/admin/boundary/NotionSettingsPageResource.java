package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.NotionSettings;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.platform.control.Pages;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What to paste into Notion's Link Preview settings, for admins only: {@code GET
 * /admin/notion-settings}, a page with copy-ready values (JSON: {@link NotionSettingsResource}).
 * Anonymous visitors go to sign-in and come back; signed-in non-admins get 403. People sign in with
 * the session sign-in; the {@code admin} role is checked on every request.
 */
@Path("admin/notion-settings")
public class NotionSettingsPageResource {

  @Inject SignedInAccount signedIn;
  @Inject NotionSettings settings;
  @Inject Pages pages;
  @Context UriInfo uriInfo;

  @Inject
  @ConfigProperty(name = "previewbridge.developer-name")
  Optional<String> developerName;

  @GET
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page() {
    Optional<SignedInAccount.Person> person = signedIn.current();
    if (person.isEmpty()) {
      return Response.seeOther(
              uriInfo
                  .getBaseUriBuilder()
                  .path("signin")
                  .queryParam("next", "admin/notion-settings")
                  .build())
          .cacheControl(noStore())
          .build();
    }
    Map<String, Object> model = new HashMap<>();
    model.put("root", uriInfo.getBaseUri().getPath());
    model.put("developerName", developerName.filter(n -> !n.isBlank()).orElse("PreviewBridge"));
    if (!person.get().roles().contains(Account.ROLE_ADMIN)) {
      model.put("forbidden", true);
      return Response.status(Response.Status.FORBIDDEN)
          .entity(pages.render("admin-notion-settings", model))
          .cacheControl(noStore())
          .build();
    }
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
    model.put("fields", fields);
    model.put("rules", rules);
    return Response.ok(pages.render("admin-notion-settings", model))
        .cacheControl(noStore())
        .build();
  }

  private static void field(List<Map<String, String>> fields, String label, String value) {
    fields.add(Map.of("label", label, "value", value));
  }

  private static String pretty(JsonValue value) {
    JsonWriterFactory factory =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    StringWriter out = new StringWriter();
    try (var writer = factory.createWriter(out)) {
      writer.write(value);
    }
    return out.toString().strip();
  }

  private static CacheControl noStore() {
    CacheControl cache = new CacheControl();
    cache.setNoStore(true);
    cache.setNoCache(true);
    return cache;
  }
}
