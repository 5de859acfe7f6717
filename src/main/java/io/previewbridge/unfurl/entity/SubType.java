package io.previewbridge.unfurl.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of value an unfurl attribute can carry, as Notion names them (§4.1, §4.3 of the Link
 * Preview digest). Inline sub-types carry a {@code value}; embeds carry a {@code src_url}.
 * {@code pdf} and {@code relation} are left out on purpose: Notion documents neither (§7.14).
 */
public enum SubType {
  TITLE(Kind.INLINE, Section.TITLE),
  PLAIN_TEXT(Kind.INLINE, Section.BODY),
  ENUM(Kind.INLINE, Section.PRIMARY),
  DATE(Kind.INLINE, Section.SECONDARY),
  DATETIME(Kind.INLINE, Section.SECONDARY),
  COLOR(Kind.INLINE, Section.ENTITY),
  IMAGE(Kind.EMBED, Section.EMBED),
  VIDEO(Kind.EMBED, Section.EMBED),
  AUDIO(Kind.EMBED, Section.EMBED),
  HTML(Kind.EMBED, Section.EMBED);

  /** Which attribute {@code type} wraps the sub-type. */
  public enum Kind {
    INLINE,
    EMBED;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final Section defaultSection;

  SubType(Kind kind, Section defaultSection) {
    this.kind = kind;
    this.defaultSection = defaultSection;
  }

  public Kind kind() {
    return kind;
  }

  /** Where an attribute of this sub-type goes when its declaration names no section. */
  public Section defaultSection() {
    return defaultSection;
  }

  /** The name on the wire: {@code plain_text}, {@code image}, ... */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SubType> fromJson(String name) {
    return Arrays.stream(values()).filter(t -> t.json().equals(name)).findFirst();
  }
}
