package io.previewbridge.sources.spi;

import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.sources.control.AttributeMapper;
import io.previewbridge.sources.control.Colors;
import io.previewbridge.unfurl.entity.AttributeValidator;
import io.previewbridge.unfurl.entity.Attributes;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;

/**
 * Builds the attributes of a {@link PreviewOutcome.Preview} with the same rules as the sources
 * file: each method puts its attribute in the section a sources file would default to (or the one
 * given), a null or blank value leaves the attribute out, text is cut to Notion's limit with an
 * ellipsis, dates and date-times are normalised from ISO-8601 or epoch seconds/milliseconds, and
 * colours are {@code #rrggbb} or CSS names. PreviewBridge still validates the result.
 */
public final class PreviewAttributes {

  private final JsonArrayBuilder attributes = JsonP.createArrayBuilder();

  private PreviewAttributes(String title) {
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("a preview needs a title");
    }
    attributes.add(
        Attributes.text(
            Attributes.TITLE_ID,
            "Title",
            SubType.TITLE,
            AttributeMapper.truncate(title.strip(), null),
            Section.TITLE));
  }

  /** A preview with this title (required by Notion). */
  public static PreviewAttributes titled(String title) {
    return new PreviewAttributes(title);
  }

  /** Plain text in {@code section} (body, primary, secondary, identifier or avatar). */
  public PreviewAttributes text(String id, String name, String value, Section section) {
    if (present(value)) {
      attributes.add(
          Attributes.text(
              id,
              name,
              SubType.PLAIN_TEXT,
              AttributeMapper.truncate(value.strip(), null),
              section));
    }
    return this;
  }

  /** An enum value in {@code primary}, with a colour ({@code #rrggbb}, a CSS name, or null). */
  public PreviewAttributes enumeration(String id, String name, String value, String color) {
    if (present(value)) {
      attributes.add(
          Attributes.enumeration(
              id,
              name,
              AttributeMapper.truncate(value.strip(), null),
              Colors.parse(color).orElse(null),
              Section.PRIMARY));
    }
    return this;
  }

  /** A date in {@code secondary}, from ISO-8601 or epoch seconds/milliseconds. */
  public PreviewAttributes date(String id, String name, String value) {
    if (present(value)) {
      AttributeMapper.date(value)
          .ifPresent(
              d -> attributes.add(Attributes.text(id, name, SubType.DATE, d, Section.SECONDARY)));
    }
    return this;
  }

  /** A date-time in {@code secondary}, from ISO-8601 or epoch seconds/milliseconds. */
  public PreviewAttributes datetime(String id, String name, String value) {
    if (present(value)) {
      AttributeMapper.datetime(value)
          .ifPresent(
              d ->
                  attributes.add(
                      Attributes.text(id, name, SubType.DATETIME, d, Section.SECONDARY)));
    }
    return this;
  }

  /** A colour in {@code section} (entity or background). */
  public PreviewAttributes color(String id, String name, String value, Section section) {
    Colors.parse(value)
        .ifPresent(
            c -> attributes.add(Attributes.inline(id, name, SubType.COLOR, c.toJson(), section)));
    return this;
  }

  /**
   * An embed ({@code image}, {@code video}, {@code audio}, {@code html}) of an https URL in {@code
   * section} (embed; images also avatar, entity, identifier). Another URL leaves it out.
   */
  public PreviewAttributes embed(
      String id, String name, SubType type, String url, Section section) {
    if (present(url) && AttributeValidator.isAllowedMediaUrl(url.strip())) {
      attributes.add(Attributes.embed(id, name, type, url.strip(), section));
    }
    return this;
  }

  /** The attribute array. */
  public JsonArray build() {
    return attributes.build();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
