package io.previewbridge.authorization.boundary;

import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a request Notion sends us (token endpoint, deleted-token callback), from a
 * form-encoded body as RFC 6749 says or, tolerantly, from a JSON object. Keeps every value of a
 * repeated name, so the caller can refuse duplicates. Anything unreadable is an {@link
 * IllegalArgumentException} with a message fit for an error description, never a server error.
 */
final class RequestBody {

  static final int MAX_BYTES = 64 * 1024;

  private RequestBody() {}

  static Map<String, List<String>> parse(String contentType, byte[] body) {
    if (body == null || body.length == 0) {
      return Map.of();
    }
    if (body.length > MAX_BYTES) {
      throw new IllegalArgumentException("The request body is too large.");
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    boolean json = type.contains("json") || (type.isEmpty() && text.trim().startsWith("{"));
    return json ? json(text) : form(text);
  }

  static Map<String, List<String>> form(String text) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        parameters
            .computeIfAbsent(
                URLDecoder.decode(name, StandardCharsets.UTF_8), n -> new ArrayList<>())
            .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException badEscape) {
        throw new IllegalArgumentException("The form body has a malformed %-escape.");
      }
    }
    return parameters;
  }

  static Map<String, List<String>> json(String text) {
    JsonValue value;
    try (var reader = JsonP.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (RuntimeException notJson) {
      throw new IllegalArgumentException("The JSON body cannot be parsed.");
    }
    if (!(value instanceof JsonObject object)) {
      throw new IllegalArgumentException("The JSON body must be an object.");
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    object.forEach(
        (name, member) -> {
          if (member instanceof JsonString string) {
            parameters.put(name, List.of(string.getString()));
          } else if (member instanceof JsonNumber number) {
            parameters.put(name, List.of(number.toString()));
          } else if (member.getValueType() != JsonValue.ValueType.NULL) {
            throw new IllegalArgumentException("The JSON member " + name + " must be a string.");
          }
        });
    return parameters;
  }

  /**
   * The one value of {@code name}; null when absent or empty (RFC 6749 §3.1: a parameter without a
   * value is treated as omitted).
   *
   * @throws IllegalArgumentException if it was sent more than once
   */
  static String single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException(name + " is sent more than once.");
    }
    String value = values.get(0);
    return value.isEmpty() ? null : value;
  }
}
