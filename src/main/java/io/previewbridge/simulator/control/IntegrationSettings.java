package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The integration's settings as Notion holds them after the developer filled in Notion's portal:
 * the document PreviewBridge's admin shows to be pasted there ({@code GET
 * /api/admin/notion-settings}: {@code externalAuthorization} and {@code rules}, each rule with
 * {@code ruleName}, {@code sampleUrls}, {@code pattern} and {@code unfurlRegexAttributes}).
 *
 * <p>How they get here, honestly over HTTP: the developer pastes that document into the simulator's
 * "Integration settings" form ({@code PUT /simulator/api/settings}); or, when nothing was pasted
 * yet, the simulator fetches it once the way a developer copies it: signs in to PreviewBridge's
 * sign-in page as {@code simulator.previewbridge.admin-username} (demo default {@code admin}/{@code
 * admin}, an account that exists only in demo mode) and reads {@code /api/admin/notion-settings}.
 * {@code simulator.settings.import=false} turns that off.
 */
@ApplicationScoped
public class IntegrationSettings {

  private static final Pattern CSRF =
      Pattern.compile("name=\"csrf\"\\s+value=\"([^\"]*)\"|value=\"([^\"]*)\"\\s+name=\"csrf\"");

  @Inject Addresses addresses;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "simulator.settings.import", defaultValue = "true")
  boolean importFromPreviewBridge;

  @Inject
  @ConfigProperty(name = "simulator.previewbridge.admin-username", defaultValue = "admin")
  String adminUsername;

  @Inject
  @ConfigProperty(name = "simulator.previewbridge.admin-password", defaultValue = "admin")
  String adminPassword;

  private JsonObject settings;
  private String origin;
  private String lastProblem;
  private Instant lastAttempt;

  /** The settings, fetched from PreviewBridge first if none are held and importing is on. */
  public synchronized Optional<JsonObject> current() {
    if (settings == null
        && importFromPreviewBridge
        && (lastAttempt == null || lastAttempt.plusSeconds(10).isBefore(clock.instant()))) {
      importFromPreviewBridge();
    }
    return Optional.ofNullable(settings);
  }

  /** How the settings came here (or why there are none), for the page. */
  public synchronized Map<String, String> origin() {
    Map<String, String> origin = new LinkedHashMap<>();
    origin.put("origin", this.origin == null ? "none" : this.origin);
    if (lastProblem != null) {
      origin.put("problem", lastProblem);
    }
    return origin;
  }

  public JsonArray rules() {
    return current()
        .map(s -> s.get("rules"))
        .filter(r -> r.getValueType() == JsonValue.ValueType.ARRAY)
        .map(JsonValue::asJsonArray)
        .orElse(JsonValue.EMPTY_JSON_ARRAY);
  }

  /** Pasted settings: the admin document, or just its {@code rules} array. */
  public synchronized JsonObject paste(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequest("Paste the settings document (JSON) first.");
    }
    JsonValue value;
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (JsonException notJson) {
      throw new InvalidRequest("The settings are not valid JSON: " + notJson.getMessage());
    }
    JsonObject pasted;
    if (value.getValueType() == JsonValue.ValueType.ARRAY) {
      pasted = Json.createObjectBuilder().add("rules", value).build();
    } else if (value.getValueType() == JsonValue.ValueType.OBJECT
        && value.asJsonObject().get("rules") instanceof JsonArray) {
      pasted = value.asJsonObject();
    } else {
      throw new InvalidRequest(
          "The settings must be a JSON object with a \"rules\" array (as /api/admin/notion-settings"
              + " shows them) or that array itself.");
    }
    settings = pasted;
    origin = "pasted";
    lastProblem = null;
    return settings;
  }

  /** Forgets the settings; the next read fetches them from PreviewBridge again (if importing). */
  public synchronized void reset() {
    settings = null;
    origin = null;
    lastProblem = null;
    lastAttempt = null;
  }

  private void importFromPreviewBridge() {
    lastAttempt = clock.instant();
    String base = addresses.previewBridge();
    PreviewBridgeHttp developer = PreviewBridgeHttp.withCookies();
    PreviewBridgeHttp.Answer form = developer.get(base + "/signin");
    Matcher csrf = CSRF.matcher(form.body() == null ? "" : form.body());
    if (!form.ok() || !csrf.find()) {
      lastProblem = "PreviewBridge's sign-in page answered " + form.status();
      return;
    }
    String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
    developer.postForm(
        base + "/signin",
        Map.of(
            "username", adminUsername,
            "password", adminPassword,
            "csrf", token,
            "next", "api/admin/notion-settings"));
    PreviewBridgeHttp.Answer answer = developer.get(base + "/api/admin/notion-settings");
    JsonValue json = answer.json();
    if (answer.ok()
        && json.getValueType() == JsonValue.ValueType.OBJECT
        && json.asJsonObject().get("rules") instanceof JsonArray) {
      settings = json.asJsonObject();
      origin = "fetched from " + base + "/api/admin/notion-settings as " + adminUsername;
      lastProblem = null;
    } else {
      lastProblem =
          "Could not read "
              + base
              + "/api/admin/notion-settings as "
              + adminUsername
              + " (HTTP "
              + answer.status()
              + "); paste the settings instead.";
    }
  }
}
