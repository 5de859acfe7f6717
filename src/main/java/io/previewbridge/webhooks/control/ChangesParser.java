package io.previewbridge.webhooks.control;

import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the body of {@code POST /webhooks/changes}: either one change, {@code {"uri": "..."}} or
 * {@code {"source": "ticket", "groups": {"num": "42"}}}, or several, {@code {"changes": [...]}}.
 * Every problem is reported at once, each under its JSON path ({@code changes[1].groups.num}).
 */
public final class ChangesParser {

  /** More than this in one request is refused: split it, the limit keeps each request short. */
  public static final int MAX_CHANGES = 1000;

  static final int MAX_URI_LENGTH = 2048;

  private ChangesParser() {}

  /**
   * @throws InvalidInput listing every malformed field
   */
  public static List<Change> parse(byte[] body) {
    JsonValue root;
    try (JsonReader reader = JsonP.createReader(new ByteArrayInputStream(body))) {
      root = reader.readValue();
    } catch (RuntimeException e) {
      // JsonException for bad syntax; the parser may also throw others on an empty or binary body
      throw invalid(List.of(new InvalidInput.Violation("body", "is not valid JSON")));
    }
    if (!(root instanceof JsonObject object)) {
      throw invalid(List.of(new InvalidInput.Violation("body", "must be a JSON object")));
    }
    List<InvalidInput.Violation> violations = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    if (object.containsKey("changes")) {
      JsonValue list = object.get("changes");
      if (!(list instanceof JsonArray array)) {
        violations.add(new InvalidInput.Violation("changes", "must be an array of changes"));
      } else if (array.isEmpty()) {
        violations.add(new InvalidInput.Violation("changes", "must list at least one change"));
      } else if (array.size() > MAX_CHANGES) {
        violations.add(
            new InvalidInput.Violation(
                "changes", "lists " + array.size() + " changes; at most " + MAX_CHANGES));
      } else {
        for (int i = 0; i < array.size(); i++) {
          String field = "changes[" + i + "]";
          if (array.get(i) instanceof JsonObject change) {
            change(change, field + ".", violations).ifPresent(changes::add);
          } else {
            violations.add(new InvalidInput.Violation(field, "must be an object"));
          }
        }
      }
    } else {
      change(object, "", violations).ifPresent(changes::add);
    }
    if (!violations.isEmpty()) {
      throw invalid(violations);
    }
    return List.copyOf(changes);
  }

  private static Optional<Change> change(
      JsonObject json, String prefix, List<InvalidInput.Violation> violations) {
    String field = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
    boolean hasUri = json.containsKey("uri");
    boolean hasSource = json.containsKey("source");
    if (hasUri == hasSource) {
      violations.add(
          new InvalidInput.Violation(
              field.isEmpty() ? "body" : field,
              hasUri
                  ? "give either \"uri\" or \"source\" with \"groups\", not both"
                  : "needs \"uri\", or \"source\" with \"groups\" (or a \"changes\" array)"));
      return Optional.empty();
    }
    if (hasUri) {
      String uri = text(json.get("uri"));
      if (uri == null || uri.isBlank()) {
        violations.add(new InvalidInput.Violation(prefix + "uri", "must be a non-empty string"));
      } else if (uri.length() > MAX_URI_LENGTH) {
        violations.add(
            new InvalidInput.Violation(
                prefix + "uri", "is longer than " + MAX_URI_LENGTH + " characters"));
      } else {
        return Optional.of(new Change.OfUri(field, uri));
      }
      return Optional.empty();
    }
    int before = violations.size();
    String source = text(json.get("source"));
    if (source == null || source.isBlank()) {
      violations.add(new InvalidInput.Violation(prefix + "source", "must be a non-empty string"));
    }
    Map<String, String> groups = new LinkedHashMap<>();
    JsonValue groupsJson = json.get("groups");
    if (!(groupsJson instanceof JsonObject groupsObject) || groupsObject.isEmpty()) {
      violations.add(
          new InvalidInput.Violation(
              prefix + "groups",
              "must be an object naming at least one group of the source's pattern, e.g."
                  + " {\"num\": \"42\"}"));
    } else {
      groupsObject.forEach(
          (name, value) -> {
            String text = groupValue(value);
            if (text == null) {
              violations.add(
                  new InvalidInput.Violation(
                      prefix + "groups." + name, "must be a string (or a number)"));
            } else {
              groups.put(name, text);
            }
          });
    }
    if (violations.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Change.OfSource(field, source, groups));
  }

  private static String text(JsonValue value) {
    return value instanceof JsonString string ? string.getString() : null;
  }

  private static String groupValue(JsonValue value) {
    if (value instanceof JsonString string) {
      return string.getString();
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      return number.bigIntegerValue().toString();
    }
    return null;
  }

  private static InvalidInput invalid(List<InvalidInput.Violation> violations) {
    return new InvalidInput("The change notification has invalid fields.", violations);
  }
}
