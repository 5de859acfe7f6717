package io.previewbridge.simulator.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the simulated Notion accepts in {@code PATCH /v1/external/object} (and what an unfurl
 * response should look like): a {@code uri} and {@code operations}, where an attributes operation
 * sets an array that contains {@code title} and {@code dev}, and every attribute puts an allowed
 * sub-type into an allowed section (the table of Notion's unfurl attribute reference, §4.4 of our
 * digest), and an error operation sets {@code {status, message}}.
 *
 * <p>Notion documents no limits; the simulator is strict where Notion's docs are clear and says
 * precisely what it rejects, so a PreviewBridge bug shows up here rather than as a silently missing
 * card in Notion.
 */
public final class PatchRules {

  /** Allowed sections per inline or embed sub-type. */
  public static final Map<String, Set<String>> INLINE_SECTIONS =
      Map.of(
          "title", Set.of("title"),
          "plain_text", Set.of("primary", "secondary", "identifier", "avatar", "body"),
          "enum", Set.of("primary"),
          "date", Set.of("primary", "secondary"),
          "datetime", Set.of("primary", "secondary"),
          "color", Set.of("entity", "background"));

  public static final Map<String, Set<String>> EMBED_SECTIONS =
      Map.of(
          "image", Set.of("identifier", "entity", "avatar", "embed"),
          "video", Set.of("embed"),
          "audio", Set.of("embed"),
          "html", Set.of("embed"),
          "pdf", Set.of("embed"));

  private PatchRules() {}

  /** The first thing wrong with {@code body}, in Notion's "body.path should be ..." style. */
  public static Optional<String> problem(JsonValue body) {
    return problems(body).stream().findFirst();
  }

  /**
   * Everything wrong with {@code body}, in document order: one message per rejected operation or
   * attribute (within one attribute, its first problem), then the missing required ids. The Lab
   * lists them all; the simulated PATCH answers the first, as Notion answers one.
   */
  public static List<String> problems(JsonValue body) {
    List<String> problems = new ArrayList<>();
    try {
      check(body, problems);
    } catch (Rejected rejected) {
      problems.add(rejected.getMessage());
    }
    return List.copyOf(problems);
  }

  private static final class Rejected extends RuntimeException {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private static Rejected rejected(String path, String should) {
    return new Rejected("body failed validation: " + path + " should be " + should + ".");
  }

  private static void check(JsonValue body, List<String> problems) {
    JsonObject object = object(body, "body");
    String uri = string(object.get("uri"), "body.uri");
    if (uri.isBlank() || uri.length() > 2000) {
      throw rejected("body.uri", "a URL of at most 2000 characters");
    }
    JsonValue operationsValue = object.get("operations");
    if (operationsValue == null || operationsValue.getValueType() != ValueType.ARRAY) {
      throw rejected("body.operations", "an array");
    }
    JsonArray operations = operationsValue.asJsonArray();
    if (operations.isEmpty()) {
      throw rejected("body.operations", "a non-empty array");
    }
    for (int i = 0; i < operations.size(); i++) {
      try {
        operation(operations.get(i), "body.operations[" + i + "]", problems);
      } catch (Rejected rejected) {
        problems.add(rejected.getMessage());
      }
    }
  }

  private static void operation(JsonValue value, String at, List<String> problems) {
    JsonObject operation = object(value, at);
    JsonValue path = operation.get("path");
    if (path == null
        || path.getValueType() != ValueType.ARRAY
        || path.asJsonArray().size() != 1
        || path.asJsonArray().get(0).getValueType() != ValueType.STRING) {
      throw rejected(at + ".path", "[\"attributes\"] or [\"error\"]");
    }
    String target = path.asJsonArray().getString(0);
    if (target.equals("attributes")) {
      attributes(operation.get("set"), at + ".set", problems);
    } else if (target.equals("error")) {
      JsonObject error = object(operation.get("set"), at + ".set");
      JsonValue status = error.get("status");
      if (status == null
          || status.getValueType() != ValueType.NUMBER
          || !((JsonNumber) status).isIntegral()
          || ((JsonNumber) status).intValue() < 100
          || ((JsonNumber) status).intValue() > 599) {
        throw rejected(at + ".set.status", "an HTTP status code");
      }
      string(error.get("message"), at + ".set.message");
    } else {
      throw rejected(at + ".path", "[\"attributes\"] or [\"error\"]");
    }
  }

  private static void attributes(JsonValue value, String at, List<String> problems) {
    if (value == null || value.getValueType() != ValueType.ARRAY) {
      throw rejected(at, "an array of attributes");
    }
    JsonArray attributes = value.asJsonArray();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < attributes.size(); i++) {
      try {
        ids.add(attribute(attributes.get(i), at + "[" + i + "]"));
      } catch (Rejected rejected) {
        problems.add(rejected.getMessage());
        idOf(attributes.get(i)).ifPresent(ids::add);
      }
    }
    for (String required : List.of("title", "dev")) {
      if (!ids.contains(required)) {
        problems.add(
            rejected(at, "an array containing an attribute with id `" + required + "`")
                .getMessage());
      }
    }
  }

  /** The id of a rejected attribute, so that it is not reported missing as well. */
  private static Optional<String> idOf(JsonValue attribute) {
    if (attribute != null
        && attribute.getValueType() == ValueType.OBJECT
        && attribute.asJsonObject().get("id") instanceof jakarta.json.JsonString id) {
      return Optional.of(id.getString());
    }
    return Optional.empty();
  }

  /** Checks one attribute and returns its id. */
  private static String attribute(JsonValue value, String at) {
    JsonObject attribute = object(value, at);
    String id = string(attribute.get("id"), at + ".id");
    if (id.isBlank()) {
      throw rejected(at + ".id", "a non-empty string");
    }
    String type = string(attribute.get("type"), at + ".type");
    JsonObject payload;
    switch (type) {
      case "inline" -> {
        payload = object(attribute.get("inline"), at + ".inline");
        inline(payload, at + ".inline");
      }
      case "embed" -> {
        payload = object(attribute.get("embed"), at + ".embed");
        embed(payload, at + ".embed");
      }
      case "relation" -> {
        payload = object(attribute.get("relation"), at + ".relation");
        string(payload.get("uri"), at + ".relation.uri");
        object(payload.get("mention"), at + ".relation.mention");
      }
      default -> throw rejected(at + ".type", "`inline`, `embed` or `relation`");
    }
    if (id.equals("title") && !(type.equals("inline") && payload.containsKey("title"))) {
      throw rejected(at, "an inline title (the attribute with id `title`)");
    }
    if (id.equals("dev") && !(type.equals("inline") && payload.containsKey("plain_text"))) {
      throw rejected(at, "an inline plain_text (the attribute with id `dev`)");
    }
    return id;
  }

  private static void inline(JsonObject inline, String at) {
    if (inline.size() != 1) {
      throw rejected(
          at,
          "an object with exactly one of " + String.join(", ", sorted(INLINE_SECTIONS.keySet())));
    }
    String subtype = inline.keySet().iterator().next();
    Set<String> sections = INLINE_SECTIONS.get(subtype);
    if (sections == null) {
      throw rejected(
          at,
          "an object with exactly one of " + String.join(", ", sorted(INLINE_SECTIONS.keySet())));
    }
    String here = at + "." + subtype;
    JsonObject content = object(inline.get(subtype), here);
    section(content, sections, here);
    JsonValue value = content.get("value");
    switch (subtype) {
      case "color" -> color(value, here + ".value");
      case "date" -> {
        try {
          LocalDate.parse(string(value, here + ".value"));
        } catch (DateTimeParseException e) {
          throw rejected(here + ".value", "a date like 2024-05-02");
        }
      }
      case "datetime" -> {
        try {
          OffsetDateTime.parse(string(value, here + ".value"));
        } catch (DateTimeParseException e) {
          throw rejected(here + ".value", "an ISO 8601 date-time like 2024-05-02T09:15:00.000Z");
        }
      }
      default -> {
        String text = string(value, here + ".value");
        if (text.length() > 2000) {
          throw rejected(here + ".value", "at most 2000 characters");
        }
        if (subtype.equals("enum") && content.containsKey("color")) {
          color(content.get("color"), here + ".color");
        }
      }
    }
  }

  private static void embed(JsonObject embed, String at) {
    String source = string(embed.get("src_url"), at + ".src_url");
    try {
      URI uri = URI.create(source);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw rejected(at + ".src_url", "an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw rejected(at + ".src_url", "an http(s) URL");
    }
    List<String> subtypes = embed.keySet().stream().filter(k -> !k.equals("src_url")).toList();
    if (subtypes.size() != 1 || !EMBED_SECTIONS.containsKey(subtypes.get(0))) {
      throw rejected(
          at,
          "an object with src_url and exactly one of "
              + String.join(", ", sorted(EMBED_SECTIONS.keySet())));
    }
    String subtype = subtypes.get(0);
    section(
        object(embed.get(subtype), at + "." + subtype),
        EMBED_SECTIONS.get(subtype),
        at + "." + subtype);
  }

  private static void section(JsonObject content, Set<String> allowed, String at) {
    String section = string(content.get("section"), at + ".section");
    if (!allowed.contains(section)) {
      throw rejected(
          at + ".section",
          "one of " + String.join(", ", sorted(allowed)) + " (was `" + section + "`)");
    }
  }

  private static void color(JsonValue value, String at) {
    JsonObject color = object(value, at);
    for (String channel : List.of("r", "g", "b")) {
      JsonValue component = color.get(channel);
      if (component == null
          || component.getValueType() != ValueType.NUMBER
          || !((JsonNumber) component).isIntegral()
          || ((JsonNumber) component).intValue() < 0
          || ((JsonNumber) component).intValue() > 255) {
        throw rejected(at + "." + channel, "an integer from 0 to 255");
      }
    }
  }

  private static JsonObject object(JsonValue value, String at) {
    if (value == null || value.getValueType() != ValueType.OBJECT) {
      throw rejected(at, "an object");
    }
    return value.asJsonObject();
  }

  private static String string(JsonValue value, String at) {
    if (value == null || value.getValueType() != ValueType.STRING) {
      throw rejected(at, "a string");
    }
    return ((jakarta.json.JsonString) value).getString();
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
