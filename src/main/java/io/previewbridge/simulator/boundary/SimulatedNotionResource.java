package io.previewbridge.simulator.boundary;

import io.previewbridge.simulator.control.Faults;
import io.previewbridge.simulator.control.NotionError;
import io.previewbridge.simulator.control.PatchRules;
import io.previewbridge.simulator.control.ReceivedPatch;
import io.previewbridge.simulator.control.SimulatedNotion;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

/**
 * The two Notion API endpoints a Link Preview integration calls, played by the simulator at {@code
 * /simulator/v1/...} (demo mode points {@code previewbridge.notion.api-url} here). They check what
 * Notion checks, as far as its docs say, and answer in Notion's shapes; errors are Notion's error
 * object, never a problem document.
 */
@RequestScoped
@Path("v1")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class SimulatedNotionResource {

  @Inject SimulatedNotion notion;
  @Inject Faults faults;
  @Inject Clock clock;

  /** Notion §2.2: trade Notion's code for a Notion token, client authenticated by Basic auth. */
  @POST
  @Path("oauth/token")
  public JsonObject token(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam("Notion-Version") String version,
      String body) {
    faults.failIfPlanned(Faults.Endpoint.TOKEN);
    requireVersion(version);
    String[] credentials = basic(authorization);
    if (credentials == null || !notion.isIntegration(credentials[0], credentials[1])) {
      throw new NotionError(401, "unauthorized", "Invalid client credentials.");
    }
    JsonObject request = parseObject(body);
    if (!"authorization_code".equals(text(request, "grant_type"))) {
      throw NotionError.validation(
          "body failed validation: body.grant_type should be `\"authorization_code\"`.");
    }
    String code = text(request, "code");
    if (code == null || code.isBlank() || code.length() > 500) {
      throw NotionError.validation("body failed validation: body.code should be a string.");
    }
    JsonValue account = request.get("external_account");
    if (account == null || account.getValueType() != JsonValue.ValueType.OBJECT) {
      throw NotionError.validation(
          "body failed validation: body.external_account should be an object with key and name.");
    }
    String key = text(account.asJsonObject(), "key");
    String name = text(account.asJsonObject(), "name");
    if (key == null || key.isBlank() || name == null || name.isBlank()) {
      throw NotionError.validation(
          "body failed validation: body.external_account.key and .name should be non-empty"
              + " strings.");
    }
    SimulatedNotion.Grant grant = notion.exchange(code, key);
    return Json.createObjectBuilder()
        .add("access_token", grant.accessToken())
        .add("token_type", "bearer")
        .add("bot_id", grant.botId())
        .add("workspace_id", grant.workspaceId())
        .add("workspace_name", SimulatedNotion.WORKSPACE_NAME)
        .add("workspace_icon", SimulatedNotion.WORKSPACE_ICON)
        .add("owner", Json.createObjectBuilder().add("type", "workspace").add("workspace", true))
        .addNull("duplicated_template_id")
        .addNull("refresh_token")
        .add("request_id", UUID.randomUUID().toString())
        .build();
  }

  /** Notion §5: replace the attributes (or set the error) of every preview of a uri. */
  @PATCH
  @Path("external/object")
  public JsonObject updateExternalObject(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam("Notion-Version") String version,
      String body) {
    JsonValue parsed = parseQuietly(body);
    try {
      faults.failIfPlanned(Faults.Endpoint.PATCH);
      requireVersion(version);
      String token = bearer(authorization);
      if (!notion.isIssued(token)) {
        throw NotionError.unauthorized();
      }
      if (parsed == null) {
        throw NotionError.invalidJson();
      }
      PatchRules.problem(parsed)
          .ifPresent(
              problem -> {
                throw NotionError.validation(problem);
              });
      notion.received(
          new ReceivedPatch(clock.instant(), 200, null, null, version, uri(parsed), parsed));
      return JsonValue.EMPTY_JSON_OBJECT;
    } catch (NotionError refused) {
      notion.received(
          new ReceivedPatch(
              clock.instant(),
              refused.status(),
              refused.code(),
              refused.getMessage(),
              version,
              uri(parsed),
              parsed != null ? parsed : body == null ? JsonValue.NULL : Json.createValue(body)));
      throw refused;
    }
  }

  private static void requireVersion(String version) {
    if (version == null || version.isBlank()) {
      throw NotionError.missingVersion();
    }
  }

  /** {@code [id, secret]} from a Basic header, or null when there is no such header. */
  static String[] basic(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }

  private static JsonObject parseObject(String body) {
    JsonValue value = parseQuietly(body);
    if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw NotionError.invalidJson();
    }
    return value.asJsonObject();
  }

  private static JsonValue parseQuietly(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readValue();
    } catch (JsonException notJson) {
      return null;
    }
  }

  private static String text(JsonObject object, String name) {
    JsonValue value = object.get(name);
    return value instanceof JsonString s ? s.getString() : null;
  }

  private static String uri(JsonValue body) {
    return body != null && body.getValueType() == JsonValue.ValueType.OBJECT
        ? text(body.asJsonObject(), "uri")
        : null;
  }
}
