package io.previewbridge.unfurl.entity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where Notion renders an attribute, and which sub-types it accepts there (the table of §4.4 of the
 * Link Preview digest). Notion does not say what happens to a sub-type in the wrong section, so
 * PreviewBridge refuses it rather than find out in front of a user.
 */
public enum Section {
  TITLE(EnumSet.of(SubType.TITLE)),
  PRIMARY(EnumSet.of(SubType.ENUM, SubType.DATE, SubType.DATETIME, SubType.PLAIN_TEXT)),
  SECONDARY(EnumSet.of(SubType.DATE, SubType.DATETIME, SubType.PLAIN_TEXT)),
  IDENTIFIER(EnumSet.of(SubType.IMAGE, SubType.PLAIN_TEXT)),
  ENTITY(EnumSet.of(SubType.COLOR, SubType.IMAGE)),
  AVATAR(EnumSet.of(SubType.IMAGE, SubType.PLAIN_TEXT)),
  BODY(EnumSet.of(SubType.PLAIN_TEXT)),
  BACKGROUND(EnumSet.of(SubType.COLOR)),
  EMBED(EnumSet.of(SubType.AUDIO, SubType.HTML, SubType.IMAGE, SubType.VIDEO));

  private final Set<SubType> allowed;

  Section(Set<SubType> allowed) {
    this.allowed = allowed;
  }

  public boolean allows(SubType subType) {
    return allowed.contains(subType);
  }

  public Set<SubType> allowed() {
    return EnumSet.copyOf(allowed);
  }

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Section> fromJson(String name) {
    return Arrays.stream(values()).filter(s -> s.json().equals(name)).findFirst();
  }
}
