package io.previewbridge.sources.control;

import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.unfurl.entity.AttributeValidator;
import io.previewbridge.unfurl.entity.Attributes;
import io.previewbridge.unfurl.entity.Rgb;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns one declared attribute into Notion's JSON: renders its template, normalises the value to
 * what its sub-type requires, and leaves the attribute out when there is nothing valid to show
 * (never a {@code "null"} text, never a date Notion cannot read).
 */
public final class AttributeMapper {

  static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  static final String ELLIPSIS = "\u2026";

  private AttributeMapper() {}

  /** The attribute, or empty when its value is missing or not valid for its type. */
  public static Optional<JsonObject> render(
      AttributeSpec spec, Function<Template.Part, Optional<String>> values) {
    Function<Template.Part, Optional<String>> formatted =
        spec.format() == AttributeSpec.Format.TEXT
            ? values
            : part -> values.apply(part).flatMap(v -> Formats.apply(spec.format(), v));
    Template.Rendered rendered = spec.value().render(formatted);
    if (rendered.entirelyMissing()) {
      return Optional.empty();
    }
    String raw = rendered.text();
    SubType type = spec.type();
    switch (type) {
      case TITLE, PLAIN_TEXT -> {
        String text = truncate(raw.strip(), spec.maxLength());
        return text.isEmpty()
            ? Optional.empty()
            : Optional.of(Attributes.text(spec.id(), spec.name(), type, text, spec.section()));
      }
      case ENUM -> {
        String text = truncate(raw.strip(), spec.maxLength());
        if (text.isEmpty()) {
          return Optional.empty();
        }
        Rgb color = color(spec, raw.strip());
        return Optional.of(
            Attributes.enumeration(spec.id(), spec.name(), text, color, spec.section()));
      }
      case DATE -> {
        return date(raw).map(d -> Attributes.text(spec.id(), spec.name(), type, d, spec.section()));
      }
      case DATETIME -> {
        return datetime(raw)
            .map(d -> Attributes.text(spec.id(), spec.name(), type, d, spec.section()));
      }
      case COLOR -> {
        return Colors.parse(raw)
            .map(c -> Attributes.inline(spec.id(), spec.name(), type, c.toJson(), spec.section()));
      }
      default -> {
        String url = raw.strip();
        return AttributeValidator.isAllowedMediaUrl(url)
            ? Optional.of(Attributes.embed(spec.id(), spec.name(), type, url, spec.section()))
            : Optional.empty();
      }
    }
  }

  /**
   * The colour of an enum value: the map's entry for it, else the entry that differs only in case,
   * else the source's default colour, else none (Notion shows its neutral grey).
   */
  static Rgb color(AttributeSpec spec, String value) {
    Rgb exact = spec.colors().get(value);
    if (exact != null) {
      return exact;
    }
    for (var entry : spec.colors().entrySet()) {
      if (entry.getKey().equalsIgnoreCase(value)) {
        return entry.getValue();
      }
    }
    return spec.defaultColor().orElse(null);
  }

  /**
   * Cuts text to {@code maxLength} (and always to Notion's 2000 characters), ending with an
   * ellipsis so that a reader sees it was cut; never splits a surrogate pair.
   */
  public static String truncate(String text, Integer maxLength) {
    int max = maxLength == null ? Attributes.MAX_TEXT : Math.min(maxLength, Attributes.MAX_TEXT);
    if (text.length() <= max) {
      return text;
    }
    int cut = max - 1;
    if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut).stripTrailing() + ELLIPSIS;
  }

  /** {@code YYYY-MM-DD} from a date, a date-time (its own calendar day) or epoch seconds/millis. */
  public static Optional<String> date(String raw) {
    String text = raw.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text).toString());
    } catch (DateTimeParseException notDate) {
      // try the richer forms
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toLocalDate().toString());
    } catch (DateTimeParseException notOffset) {
      // try the next form
    }
    try {
      return Optional.of(LocalDateTime.parse(text).toLocalDate().toString());
    } catch (DateTimeParseException notLocal) {
      // try the next form
    }
    return epoch(text).map(i -> i.atOffset(ZoneOffset.UTC).toLocalDate().toString());
  }

  /**
   * An ISO-8601 UTC date-time with milliseconds and {@code Z}, as Notion's example has it. A
   * date-time without offset is taken as UTC; a date as its midnight UTC.
   */
  public static Optional<String> datetime(String raw) {
    String text = raw.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DATETIME.format(OffsetDateTime.parse(text).toInstant()));
    } catch (DateTimeParseException notOffset) {
      // try the next form
    }
    try {
      return Optional.of(DATETIME.format(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC)));
    } catch (DateTimeParseException notLocal) {
      // try the next form
    }
    try {
      return Optional.of(DATETIME.format(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC)));
    } catch (DateTimeParseException notDate) {
      // try the next form
    }
    return epoch(text).map(DATETIME::format);
  }

  /** Whole numbers: milliseconds from 10^11 on (after 1973), seconds below. */
  private static Optional<Instant> epoch(String text) {
    if (!text.matches("-?\\d{1,15}")) {
      return Optional.empty();
    }
    long n = Long.parseLong(text);
    return Optional.of(
        Math.abs(n) >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n));
  }

  /**
   * The value at {@code pointer} as text: strings as they are, numbers and booleans written out,
   * arrays of scalars joined with ", ", objects and null as missing.
   */
  public static Optional<String> pointer(JsonStructure json, String pointer) {
    if (json == null) {
      return Optional.empty();
    }
    JsonValue value;
    try {
      var p = JsonP.createPointer(pointer);
      if (!p.containsValue(json)) {
        return Optional.empty();
      }
      value = p.getValue(json);
    } catch (RuntimeException missing) {
      return Optional.empty();
    }
    return text(value);
  }

  static Optional<String> text(JsonValue value) {
    switch (value.getValueType()) {
      case STRING:
        return Optional.of(((JsonString) value).getString());
      case NUMBER:
        BigDecimal number = ((JsonNumber) value).bigDecimalValue();
        return Optional.of(
            number.scale() <= 0 || number.stripTrailingZeros().scale() <= 0
                ? number.toBigInteger().toString()
                : number.stripTrailingZeros().toPlainString());
      case TRUE:
        return Optional.of("true");
      case FALSE:
        return Optional.of("false");
      case ARRAY:
        List<String> items = new ArrayList<>();
        for (JsonValue item : (JsonArray) value) {
          if (item.getValueType() != JsonValue.ValueType.ARRAY
              && item.getValueType() != JsonValue.ValueType.OBJECT) {
            text(item).ifPresent(items::add);
          }
        }
        return items.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", items));
      default:
        return Optional.empty();
    }
  }
}
