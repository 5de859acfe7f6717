package io.previewbridge.unfurl.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an attribute array against Notion's rules before it leaves PreviewBridge: the required
 * {@code title} and {@code dev} attributes, unique ids, the sub-types each section accepts (§4.4),
 * the shape of every value, colour ranges, date formats, URL schemes and the 2000-character limit
 * (§7.15). Usable on any array, whoever built it; every problem is reported with its JSON path.
 */
public final class AttributeValidator {

  /** Notion's general array limit (§6). */
  public static final int MAX_ATTRIBUTES = 100;

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DATETIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private AttributeValidator() {}

  public static List<AttributeProblem> validate(JsonValue attributes) {
    List<AttributeProblem> problems = new ArrayList<>();
    if (attributes == null || attributes.getValueType() != JsonValue.ValueType.ARRAY) {
      problems.add(new AttributeProblem("$", "must be an array of attributes"));
      return problems;
    }
    JsonArray array = attributes.asJsonArray();
    if (array.size() > MAX_ATTRIBUTES) {
      problems.add(
          new AttributeProblem(
              "$", "has " + array.size() + " attributes, more than " + MAX_ATTRIBUTES));
    }
    Map<String, Integer> firstIndexOfId = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "$[" + i + "]";
      JsonValue element = array.get(i);
      if (element.getValueType() != JsonValue.ValueType.OBJECT) {
        problems.add(new AttributeProblem(path, "must be an object"));
        continue;
      }
      JsonObject attribute = element.asJsonObject();
      String id = string(attribute, "id", path, problems);
      if (id != null) {
        Integer earlier = firstIndexOfId.putIfAbsent(id, i);
        if (earlier != null) {
          problems.add(
              new AttributeProblem(
                  path + ".id", "duplicates the id \"" + id + "\" of $[" + earlier + "]"));
        }
      }
      string(attribute, "name", path, problems);
      validateAttribute(id, attribute, path, problems);
    }
    requireTitle(array, firstIndexOfId, problems);
    requireDev(array, firstIndexOfId, problems);
    return problems;
  }

  /** Media URLs must work without cookies from Notion's side: https, or a local demo server. */
  public static boolean isAllowedMediaUrl(String url) {
    if (url == null || url.length() > Attributes.MAX_TEXT) {
      return false;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || host.isEmpty()) {
        return false;
      }
      return scheme.equals("https") || (scheme.equals("http") && LOCAL_HOSTS.contains(host));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void validateAttribute(
      String id, JsonObject attribute, String path, List<AttributeProblem> problems) {
    JsonValue typeValue = attribute.get("type");
    if (!(typeValue instanceof JsonString typeString)) {
      problems.add(new AttributeProblem(path + ".type", "must be \"inline\" or \"embed\""));
      return;
    }
    String type = typeString.getString();
    for (String key : attribute.keySet()) {
      if (!Set.of("id", "name", "type").contains(key) && !key.equals(type)) {
        problems.add(
            new AttributeProblem(
                path + "." + key, "is not allowed in an attribute of type " + type));
      }
    }
    JsonValue payload = attribute.get(type);
    switch (type) {
      case "inline" -> {
        if (payload == null || payload.getValueType() != JsonValue.ValueType.OBJECT) {
          problems.add(new AttributeProblem(path + ".inline", "must be an object"));
          return;
        }
        validateInline(id, payload.asJsonObject(), path + ".inline", problems);
      }
      case "embed" -> {
        if (payload == null || payload.getValueType() != JsonValue.ValueType.OBJECT) {
          problems.add(new AttributeProblem(path + ".embed", "must be an object"));
          return;
        }
        validateEmbed(payload.asJsonObject(), path + ".embed", problems);
      }
      default ->
          problems.add(
              new AttributeProblem(
                  path + ".type",
                  "\"" + type + "\" is not supported; use \"inline\" or \"embed\""));
    }
  }

  private static void validateInline(
      String id, JsonObject inline, String path, List<AttributeProblem> problems) {
    if (inline.size() != 1) {
      problems.add(
          new AttributeProblem(path, "must have exactly one sub-type, found " + inline.size()));
      return;
    }
    String key = inline.keySet().iterator().next();
    String subPath = path + "." + key;
    SubType subType = SubType.fromJson(key).orElse(null);
    if (subType == null || subType.kind() != SubType.Kind.INLINE) {
      problems.add(new AttributeProblem(subPath, "is not an inline sub-type"));
      return;
    }
    if (subType == SubType.TITLE && id != null && !id.equals(Attributes.TITLE_ID)) {
      problems.add(
          new AttributeProblem(subPath, "only the attribute with id \"title\" may be a title"));
    }
    JsonValue body = inline.get(key);
    if (body.getValueType() != JsonValue.ValueType.OBJECT) {
      problems.add(new AttributeProblem(subPath, "must be an object with value and section"));
      return;
    }
    JsonObject sub = body.asJsonObject();
    Set<String> allowedKeys =
        subType == SubType.ENUM ? Set.of("value", "section", "color") : Set.of("value", "section");
    for (String k : sub.keySet()) {
      if (!allowedKeys.contains(k)) {
        problems.add(new AttributeProblem(subPath + "." + k, "is not allowed in " + key));
      }
    }
    section(sub, subType, subPath, problems);
    JsonValue value = sub.get("value");
    String valuePath = subPath + ".value";
    if (value == null) {
      problems.add(new AttributeProblem(valuePath, "is required"));
      return;
    }
    switch (subType) {
      case COLOR -> color(value, valuePath, problems);
      case DATE -> {
        String text = text(value, valuePath, problems);
        if (text != null && !isDate(text)) {
          problems.add(
              new AttributeProblem(valuePath, "must be a date YYYY-MM-DD, found \"" + text + "\""));
        }
      }
      case DATETIME -> {
        String text = text(value, valuePath, problems);
        if (text != null && !isDatetime(text)) {
          problems.add(
              new AttributeProblem(
                  valuePath,
                  "must be an ISO-8601 UTC date-time ending in Z, found \"" + text + "\""));
        }
      }
      default -> {
        String text = text(value, valuePath, problems);
        if (text != null && subType == SubType.TITLE && text.isBlank()) {
          problems.add(new AttributeProblem(valuePath, "must not be blank"));
        }
      }
    }
    if (subType == SubType.ENUM && sub.containsKey("color")) {
      color(sub.get("color"), subPath + ".color", problems);
    }
  }

  private static void validateEmbed(
      JsonObject embed, String path, List<AttributeProblem> problems) {
    JsonValue src = embed.get("src_url");
    if (!(src instanceof JsonString srcString)) {
      problems.add(new AttributeProblem(path + ".src_url", "is required and must be a string"));
    } else if (!isAllowedMediaUrl(srcString.getString())) {
      problems.add(
          new AttributeProblem(
              path + ".src_url",
              "must be an absolute https URL (http only for localhost) of at most "
                  + Attributes.MAX_TEXT
                  + " characters"));
    }
    List<String> subTypes = embed.keySet().stream().filter(k -> !k.equals("src_url")).toList();
    if (subTypes.size() != 1) {
      problems.add(
          new AttributeProblem(
              path, "must have exactly one sub-type besides src_url, found " + subTypes.size()));
      return;
    }
    String key = subTypes.get(0);
    String subPath = path + "." + key;
    SubType subType = SubType.fromJson(key).orElse(null);
    if (subType == null || subType.kind() != SubType.Kind.EMBED) {
      problems.add(
          new AttributeProblem(subPath, "is not an embed sub-type (image, video, audio, html)"));
      return;
    }
    JsonValue body = embed.get(key);
    if (body.getValueType() != JsonValue.ValueType.OBJECT) {
      problems.add(new AttributeProblem(subPath, "must be an object with a section"));
      return;
    }
    for (String k : body.asJsonObject().keySet()) {
      if (!k.equals("section")) {
        problems.add(new AttributeProblem(subPath + "." + k, "is not allowed in an embed"));
      }
    }
    section(body.asJsonObject(), subType, subPath, problems);
  }

  private static void section(
      JsonObject sub, SubType subType, String subPath, List<AttributeProblem> problems) {
    JsonValue sectionValue = sub.get("section");
    String sectionPath = subPath + ".section";
    if (!(sectionValue instanceof JsonString sectionString)) {
      problems.add(new AttributeProblem(sectionPath, "is required"));
      return;
    }
    Section section = Section.fromJson(sectionString.getString()).orElse(null);
    if (section == null) {
      problems.add(
          new AttributeProblem(
              sectionPath, "\"" + sectionString.getString() + "\" is not a section"));
    } else if (!section.allows(subType)) {
      problems.add(
          new AttributeProblem(
              sectionPath,
              "section "
                  + section.json()
                  + " does not accept "
                  + subType.json()
                  + " (it accepts "
                  + String.join(", ", section.allowed().stream().map(SubType::json).toList())
                  + ")"));
    }
  }

  private static String text(JsonValue value, String path, List<AttributeProblem> problems) {
    if (!(value instanceof JsonString string)) {
      problems.add(new AttributeProblem(path, "must be a string"));
      return null;
    }
    if (string.getString().length() > Attributes.MAX_TEXT) {
      problems.add(
          new AttributeProblem(
              path,
              "has "
                  + string.getString().length()
                  + " characters, more than "
                  + Attributes.MAX_TEXT));
    }
    return string.getString();
  }

  private static void color(JsonValue value, String path, List<AttributeProblem> problems) {
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      problems.add(new AttributeProblem(path, "must be an object {r,g,b}"));
      return;
    }
    JsonObject color = value.asJsonObject();
    for (String channel : List.of("r", "g", "b")) {
      JsonValue component = color.get(channel);
      if (!(component instanceof JsonNumber number) || !number.isIntegral()) {
        problems.add(new AttributeProblem(path + "." + channel, "must be an integer 0-255"));
      } else if (number.intValue() < 0 || number.intValue() > 255) {
        problems.add(
            new AttributeProblem(
                path + "." + channel, "must be 0-255, found " + number.intValue()));
      }
    }
    for (String k : color.keySet()) {
      if (!Set.of("r", "g", "b").contains(k)) {
        problems.add(new AttributeProblem(path + "." + k, "is not a colour component"));
      }
    }
  }

  private static String string(
      JsonObject object, String key, String path, List<AttributeProblem> problems) {
    JsonValue value = object.get(key);
    if (!(value instanceof JsonString string) || string.getString().isEmpty()) {
      problems.add(
          new AttributeProblem(path + "." + key, "is required and must be a non-empty string"));
      return null;
    }
    if (string.getString().length() > Attributes.MAX_TEXT) {
      problems.add(
          new AttributeProblem(
              path + "." + key, "is longer than " + Attributes.MAX_TEXT + " characters"));
    }
    return string.getString();
  }

  private static void requireTitle(
      JsonArray array, Map<String, Integer> ids, List<AttributeProblem> problems) {
    Integer index = ids.get(Attributes.TITLE_ID);
    if (index == null) {
      problems.add(new AttributeProblem("$", "the required \"title\" attribute is missing"));
      return;
    }
    JsonObject title = array.get(index).asJsonObject();
    JsonValue inline = title.get("inline");
    boolean isTitle =
        "inline".equals(title.getString("type", null))
            && inline != null
            && inline.getValueType() == JsonValue.ValueType.OBJECT
            && inline.asJsonObject().containsKey("title");
    if (!isTitle) {
      problems.add(
          new AttributeProblem(
              "$[" + index + "]", "the \"title\" attribute must be an inline title"));
    }
  }

  private static void requireDev(
      JsonArray array, Map<String, Integer> ids, List<AttributeProblem> problems) {
    Integer index = ids.get(Attributes.DEV_ID);
    if (index == null) {
      problems.add(new AttributeProblem("$", "the required \"dev\" attribute is missing"));
      return;
    }
    JsonObject dev = array.get(index).asJsonObject();
    String path = "$[" + index + "]";
    try {
      JsonObject text = dev.getJsonObject("inline").getJsonObject("plain_text");
      boolean fixed =
          Attributes.DEV_NAME.equals(dev.getString("name", null))
              && "inline".equals(dev.getString("type", null))
              && "secondary".equals(text.getString("section", null))
              && !text.getString("value", "").isBlank();
      if (!fixed) {
        problems.add(
            new AttributeProblem(
                path,
                "the \"dev\" attribute must have the fixed shape"
                    + " {\"id\":\"dev\",\"name\":\"Developer"
                    + " Name\",\"type\":\"inline\",\"inline\":{\"plain_text\":{\"value\":<company>,"
                    + "\"section\":\"secondary\"}}}"));
      }
    } catch (RuntimeException wrongShape) {
      problems.add(
          new AttributeProblem(
              path, "the \"dev\" attribute must be inline plain_text in section secondary"));
    }
  }

  static boolean isDate(String text) {
    if (!DATE.matcher(text).matches()) {
      return false;
    }
    try {
      LocalDate.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static boolean isDatetime(String text) {
    if (!DATETIME.matcher(text).matches()) {
      return false;
    }
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
