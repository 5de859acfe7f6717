package io.previewbridge.sources.entity;

import io.previewbridge.unfurl.entity.Rgb;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import java.util.Map;
import java.util.Optional;

/**
 * One attribute as the sources file declares it: its Notion sub-type, the template of its value,
 * its section, the colours of enum values (with an optional default for values the map does not
 * name), an optional length limit and an optional {@link Format} for numbers and durations. {@code
 * isPublic} marks what a {@code limited} card of a restricted object may still show.
 */
public record AttributeSpec(
    String id,
    String name,
    SubType type,
    Template value,
    Section section,
    Map<String, Rgb> colors,
    Optional<Rgb> defaultColor,
    Integer maxLength,
    Format format,
    boolean isPublic) {

  /** How the values of a text attribute's placeholders are written out. */
  public enum Format {
    /** As they come. */
    TEXT("text"),
    /** A number with thousands grouping and at most two decimals: {@code 12,345.5}. */
    NUMBER("number"),
    /** Seconds as a short duration: 754 becomes {@code 12m 34s}. */
    DURATION("duration"),
    /** Milliseconds as a short duration: 1500 becomes {@code 1.5s}, 754000 {@code 12m 34s}. */
    DURATION_MS("duration-ms");

    private final String json;

    Format(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    public static Optional<Format> fromJson(String name) {
      for (Format f : values()) {
        if (f.json.equals(name)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  public AttributeSpec {
    colors = Map.copyOf(colors);
    defaultColor = defaultColor == null ? Optional.empty() : defaultColor;
    format = format == null ? Format.TEXT : format;
  }

  /** Not marked public. */
  public AttributeSpec(
      String id,
      String name,
      SubType type,
      Template value,
      Section section,
      Map<String, Rgb> colors,
      Optional<Rgb> defaultColor,
      Integer maxLength,
      Format format) {
    this(id, name, type, value, section, colors, defaultColor, maxLength, format, false);
  }

  /** Without a default colour or format. */
  public AttributeSpec(
      String id,
      String name,
      SubType type,
      Template value,
      Section section,
      Map<String, Rgb> colors,
      Integer maxLength) {
    this(id, name, type, value, section, colors, Optional.empty(), maxLength, Format.TEXT, false);
  }
}
