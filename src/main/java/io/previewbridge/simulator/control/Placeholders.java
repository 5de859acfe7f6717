package io.previewbridge.simulator.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Notion's "URL matching and placeholder" rules, applied the way Notion applies them when a link is
 * pasted: the first rule whose pattern matches the whole URL wins, and every {@code $<group>} in a
 * string of its placeholder attributes ("Unfurl Regex Attributes") is replaced by that named
 * group's text (an unknown or unmatched group by the empty string; {@code $1} is not Notion syntax
 * and stays as it is).
 *
 * <p>Patterns are written in JavaScript syntax in Notion's form; the subset PreviewBridge produces
 * (named groups, {@code \/} escapes, anchors) means the same in Java, so the simulator matches them
 * with {@link Pattern}. A pattern that does not compile is skipped, as a broken rule matches
 * nothing.
 */
public final class Placeholders {

  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
  private static final Pattern REFERENCE = Pattern.compile("\\$<([a-zA-Z][a-zA-Z0-9]*)>");

  private Placeholders() {}

  /** The rule that matched and its placeholder attributes with the groups substituted. */
  public record Match(String ruleName, Map<String, String> groups, JsonArray attributes) {}

  /** The first rule of {@code rules} (Notion settings' "rules" array) matching {@code url}. */
  public static Optional<Match> match(JsonArray rules, String url) {
    if (rules == null || url == null) {
      return Optional.empty();
    }
    for (JsonValue value : rules) {
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        continue;
      }
      JsonObject rule = value.asJsonObject();
      if (!(rule.get("pattern") instanceof JsonString pattern)) {
        continue;
      }
      Matcher matcher;
      try {
        matcher = Pattern.compile(pattern.getString()).matcher(url);
      } catch (PatternSyntaxException broken) {
        continue;
      }
      if (!matcher.matches()) {
        continue;
      }
      Map<String, String> groups = new LinkedHashMap<>();
      Matcher names = GROUP_NAME.matcher(pattern.getString());
      while (names.find()) {
        String text = matcher.group(names.group(1));
        groups.put(names.group(1), text == null ? "" : text);
      }
      JsonValue attributes = rule.get("unfurlRegexAttributes");
      JsonArray substituted =
          attributes != null && attributes.getValueType() == JsonValue.ValueType.ARRAY
              ? substitute(attributes, groups).asJsonArray()
              : JsonValue.EMPTY_JSON_ARRAY;
      String name = rule.get("ruleName") instanceof JsonString s ? s.getString() : "";
      return Optional.of(new Match(name, groups, substituted));
    }
    return Optional.empty();
  }

  /** {@code value} with every {@code $<group>} inside its strings replaced. */
  public static JsonValue substitute(JsonValue value, Map<String, String> groups) {
    switch (value.getValueType()) {
      case STRING -> {
        String text = ((JsonString) value).getString();
        Matcher reference = REFERENCE.matcher(text);
        return Json.createValue(
            reference.replaceAll(
                r -> Matcher.quoteReplacement(groups.getOrDefault(r.group(1), ""))));
      }
      case ARRAY -> {
        JsonArrayBuilder array = Json.createArrayBuilder();
        value.asJsonArray().forEach(item -> array.add(substitute(item, groups)));
        return array.build();
      }
      case OBJECT -> {
        JsonObjectBuilder object = Json.createObjectBuilder();
        value.asJsonObject().forEach((key, item) -> object.add(key, substitute(item, groups)));
        return object.build();
      }
      default -> {
        return value;
      }
    }
  }
}
