package io.previewbridge.admin.boundary;

import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON object an admin API call sent, read leniently enough to report every wrong field at
 * once: a missing or non-object body, or a field of the wrong type, is a 400 naming the field,
 * never a 500.
 */
final class JsonBody {

  private final JsonObject object;
  private final List<InvalidInput.Violation> problems = new ArrayList<>();

  private JsonBody(JsonObject object) {
    this.object = object;
  }

  /** The body as an object; an empty body is an empty object. */
  static JsonBody of(String body) {
    if (body == null || body.isBlank()) {
      return new JsonBody(JsonValue.EMPTY_JSON_OBJECT);
    }
    try (var reader = JsonP.createReader(new StringReader(body))) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject object) {
        return new JsonBody(object);
      }
    } catch (JsonException notJson) {
      throw new InvalidInput(
          "The body is not valid JSON.",
          List.of(new InvalidInput.Violation("$", "must be a JSON object")));
    }
    throw new InvalidInput(
        "The body must be a JSON object.",
        List.of(new InvalidInput.Violation("$", "must be a JSON object")));
  }

  JsonObject object() {
    return object;
  }

  /** A string field, or null when absent or null; another type is a problem. */
  String string(String field) {
    JsonValue value = object.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value instanceof JsonString text) {
      return text.getString();
    }
    problems.add(new InvalidInput.Violation(field, "must be a string"));
    return null;
  }

  /** An array of strings, or null when absent or null. */
  List<String> strings(String field) {
    JsonValue value = object.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      problems.add(new InvalidInput.Violation(field, "must be an array of strings"));
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) instanceof JsonString text) {
        out.add(text.getString());
      } else {
        problems.add(new InvalidInput.Violation(field + "[" + i + "]", "must be a string"));
      }
    }
    return out;
  }

  /** Throws the type problems found so far, if any. */
  void check(String message) {
    if (!problems.isEmpty()) {
      throw new InvalidInput(message, problems);
    }
  }
}
