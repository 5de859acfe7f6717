package io.previewbridge.admin.boundary;

import io.previewbridge.platform.boundary.Problem;
import io.previewbridge.platform.control.InvalidInput;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** What the admin API resources share: reading ids and limits, writing optional values. */
final class AdminInput {

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private AdminInput() {}

  /** An id in a path: a UUID string, else 400 (so a typo is told apart from an unknown id). */
  static String id(String value) {
    if (value == null || !UUID.matcher(value).matches()) {
      throw new InvalidInput(
          "Not an id",
          List.of(
              new InvalidInput.Violation("id", "must be a UUID like 3f2b…, got " + shown(value))));
    }
    return value.toLowerCase();
  }

  /** A {@code limit} query parameter: 1 to {@code max}, {@code fallback} if absent. */
  static int limit(String value, int fallback, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new InvalidInput(
        "Bad limit",
        List.of(new InvalidInput.Violation("limit", "must be a whole number from 1 to " + max)));
  }

  static String shown(String value) {
    if (value == null) {
      return "nothing";
    }
    return "\"" + (value.length() > 60 ? value.substring(0, 60) + "…" : value) + "\"";
  }

  static void add(JsonObjectBuilder json, String key, String value) {
    if (value == null) {
      json.addNull(key);
    } else {
      json.add(key, value);
    }
  }

  static void add(JsonObjectBuilder json, String key, Instant value) {
    add(json, key, value == null ? null : value.toString());
  }

  static void add(JsonObjectBuilder json, String key, Integer value) {
    if (value == null) {
      json.addNull(key);
    } else {
      json.add(key, value);
    }
  }

  static Response ok(JsonObjectBuilder json) {
    return Response.ok(json.build().toString(), MediaType.APPLICATION_JSON)
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }

  static Response changedMeanwhile() {
    return Problem.of(
            Response.Status.CONFLICT,
            "conflict",
            "It changed while this was being done (a delivery attempt or a callback ran at the same"
                + " time); nothing was changed. Look again and retry.")
        .toResponse();
  }

  /** A time for people: "2026-11-25 06:01:02 UTC", or an em dash. */
  static String when(Instant instant) {
    if (instant == null) {
      return "—";
    }
    String iso = instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    return iso.replace('T', ' ').replace("Z", " UTC");
  }
}
