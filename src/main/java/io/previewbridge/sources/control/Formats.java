package io.previewbridge.sources.control;

import io.previewbridge.sources.entity.AttributeSpec.Format;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes numbers and durations for people: {@code 1234567} as {@code 1,234,567}, 754 seconds as
 * {@code 12m 34s}. A value that is not a number has no formatted form (the attribute then counts it
 * as missing, as it does a date that is not a date).
 */
public final class Formats {

  private Formats() {}

  /** {@code raw} written in {@code format}, or empty when it is not a number. */
  public static Optional<String> apply(Format format, String raw) {
    if (format == Format.TEXT) {
      return Optional.of(raw);
    }
    BigDecimal n;
    try {
      n = new BigDecimal(raw.strip());
    } catch (NumberFormatException notNumber) {
      return Optional.empty();
    }
    return Optional.of(
        switch (format) {
          case NUMBER -> number(n);
          case DURATION -> duration(n.movePointRight(3));
          case DURATION_MS -> duration(n);
          case TEXT -> raw;
        });
  }

  /** Thousands grouped with commas, at most two decimals, no trailing zeros. */
  static String number(BigDecimal n) {
    DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_UP);
    return f.format(n);
  }

  /**
   * The two largest units that matter: {@code 2d 3h}, {@code 1h 5m}, {@code 12m 34s}, {@code 45s},
   * {@code 1.5s} below a minute with a fraction, {@code 350ms} below a second.
   */
  static String duration(BigDecimal millis) {
    String sign = millis.signum() < 0 ? "-" : "";
    long ms = millis.abs().setScale(0, RoundingMode.HALF_UP).longValueExact();
    if (ms < 1000) {
      return sign + ms + "ms";
    }
    long tenths = Math.round(ms / 100.0);
    if (tenths < 600) {
      return sign + tenths / 10 + (tenths % 10 == 0 ? "" : "." + tenths % 10) + "s";
    }
    long s = Math.round(ms / 1000.0);
    long d = s / 86_400;
    long h = s % 86_400 / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    if (d > 0) {
      return sign + d + "d " + h + "h";
    }
    if (h > 0) {
      return sign + h + "h " + m + "m";
    }
    return sign + m + "m " + sec + "s";
  }
}
