package io.previewbridge.simulator.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/**
 * The Link Preview Lab: what Notion would say about an attribute array or a whole unfurl response,
 * with every problem {@link PatchRules} finds (not only the first, as the PATCH answers). A bare
 * attribute array is checked as the {@code set} of one attributes operation, and its problems are
 * named from the array ({@code attributes[2].inline ...}).
 */
public final class Lab {

  static final String LAB_URI = "https://lab.notion.invalid/preview";
  static final String WRAPPED = "body.operations[0].set";

  private Lab() {}

  /** The verdict: the kind of input, the problems, and the body as an unfurl response. */
  public record Verdict(String kind, List<String> problems, JsonObject body) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  public static Verdict validate(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequest(
          "Paste an attribute array or an unfurl response ({\"uri\": ..., \"operations\": [...]}).");
    }
    JsonValue value;
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (JsonException notJson) {
      throw new InvalidRequest("This is not valid JSON: " + firstLine(notJson.getMessage()));
    }
    return switch (value.getValueType()) {
      case ARRAY -> {
        JsonObject body =
            Json.createObjectBuilder()
                .add("uri", LAB_URI)
                .add(
                    "operations",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("path", Json.createArrayBuilder().add("attributes"))
                                .add("set", value)))
                .build();
        List<String> problems =
            PatchRules.problems(body).stream().map(p -> p.replace(WRAPPED, "attributes")).toList();
        yield new Verdict("attributes", problems, body);
      }
      case OBJECT -> new Verdict("response", PatchRules.problems(value), value.asJsonObject());
      default ->
          throw new InvalidRequest(
              "Paste a JSON array of attributes or a JSON object with uri and operations, not a "
                  + value.getValueType().name().toLowerCase(java.util.Locale.ROOT)
                  + ".");
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
