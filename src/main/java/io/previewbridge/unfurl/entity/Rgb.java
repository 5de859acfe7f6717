package io.previewbridge.unfurl.entity;

import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A colour as Notion wants it: {@code {"r":..,"g":..,"b":..}}, each 0-255. */
public record Rgb(int r, int g, int b) {

  private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})");

  public Rgb {
    if (r < 0 || r > 255 || g < 0 || g > 255 || b < 0 || b > 255) {
      throw new IllegalArgumentException("colour components must be 0-255");
    }
  }

  /** Reads {@code #rrggbb} (or the short {@code #rgb}); anything else is not a colour. */
  public static Optional<Rgb> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = HEX.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String hex = m.group(1);
    if (hex.length() == 3) {
      hex =
          ""
              + hex.charAt(0)
              + hex.charAt(0)
              + hex.charAt(1)
              + hex.charAt(1)
              + hex.charAt(2)
              + hex.charAt(2);
    }
    int value = Integer.parseInt(hex, 16);
    return Optional.of(new Rgb((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff));
  }

  public JsonObject toJson() {
    return JsonP.createObjectBuilder().add("r", r).add("g", g).add("b", b).build();
  }
}
