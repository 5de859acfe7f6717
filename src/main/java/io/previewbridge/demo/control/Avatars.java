package io.previewbridge.demo.control;

import java.text.Normalizer;
import java.util.Locale;

/**
 * People in the demo are just names; their avatars are drawn from the name (initials on a colour
 * picked by the name), so any name an editor types gets a picture and no image host is needed.
 */
public final class Avatars {

  static final String[] COLORS = {
    "#7c3aed", "#0e7490", "#b45309", "#be123c", "#15803d", "#1d4ed8", "#a21caf", "#4d7c0f"
  };

  private Avatars() {}

  /** {@code Zoë Ana Lima} becomes {@code zoe-ana-lima}: the avatar's file name. */
  public static String slug(String name) {
    String slug = bareSlug(name);
    return slug.isEmpty() ? "someone" : slug;
  }

  /** First letters of the first and last word, {@code AL}; {@code ?} if there are none. */
  public static String initials(String nameOrSlug) {
    String slug = bareSlug(nameOrSlug);
    if (slug.isEmpty()) {
      return "?";
    }
    String[] words = slug.split("-");
    String first = words[0].substring(0, 1);
    String last = words.length > 1 ? words[words.length - 1].substring(0, 1) : "";
    return (first + last).toUpperCase(Locale.ROOT);
  }

  private static String bareSlug(String name) {
    String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String slug =
        ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.length() > 60 ? slug.substring(0, 60).replaceAll("-+$", "") : slug;
  }

  /** A colour that stays the same for the same name. */
  public static String color(String slug) {
    return COLORS[Math.floorMod(slug.hashCode(), COLORS.length)];
  }
}
