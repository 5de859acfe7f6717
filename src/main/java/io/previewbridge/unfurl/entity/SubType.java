package io.previewbridge.unfurl.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of value an unfurl attribute can carry, as Notion names them (§4.1, §4.3 of the Link
 * Preview digest). Inline sub-types carry a {@code value}; embeds carry a {@code src_url}. {@code
 * pdf} and {@code relation} are left out on purpose: Notion documents neither (§7.14).
 */
public enum SubType {
  TITLE(Kind.INLINE),
  PLAIN_TEXT(Kind.INLINE),
  ENUM(Kind.INLINE),
  DATE(Kind.INLINE),
  DATETIME(Kind.INLINE),
  COLOR(Kind.INLINE),
  IMAGE(Kind.EMBED),
  VIDEO(Kind.EMBED),
  AUDIO(Kind.EMBED),
  HTML(Kind.EMBED);

  /** Which attribute {@code type} wraps the sub-type. */
  public enum Kind {
    INLINE,
    EMBED;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;

  // Section refers to SubType in its constants, so SubType must not refer to Section in its own.
  SubType(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Where an attribute of this sub-type goes when its declaration names no section. */
  public Section defaultSection() {
    return switch (this) {
      case TITLE -> Section.TITLE;
      case PLAIN_TEXT -> Section.BODY;
      case ENUM -> Section.PRIMARY;
      case DATE, DATETIME -> Section.SECONDARY;
      case COLOR -> Section.ENTITY;
      case IMAGE, VIDEO, AUDIO, HTML -> Section.EMBED;
    };
  }

  /** The name on the wire: {@code plain_text}, {@code image}, ... */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SubType> fromJson(String name) {
    return Arrays.stream(values()).filter(t -> t.json().equals(name)).findFirst();
  }
}
