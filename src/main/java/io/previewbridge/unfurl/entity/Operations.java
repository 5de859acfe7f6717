package io.previewbridge.unfurl.entity;

import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * The {@code operations} of an unfurl answer (§3.1, §3.2) and of a PATCH to Notion (§5): the same
 * shape serves both, which is why one class builds it.
 */
public final class Operations {

  /** Notion does not state a limit; §7.12 suggests staying under about 200 characters. */
  public static final int MAX_ERROR_MESSAGE = 200;

  private Operations() {}

  /** {@code [{"path":["attributes"],"set":[...]}]} */
  public static JsonArray attributes(JsonArray set) {
    return JsonP.createArrayBuilder()
        .add(
            JsonP.createObjectBuilder()
                .add("path", JsonP.createArrayBuilder().add("attributes"))
                .add("set", set))
        .build();
  }

  /** {@code [{"path":["error"],"set":{"status":..,"message":..}}]}: the set is an object. */
  public static JsonArray error(int status, String message) {
    String text =
        message.length() > MAX_ERROR_MESSAGE
            ? message.substring(0, MAX_ERROR_MESSAGE - 1) + "\u2026"
            : message;
    return JsonP.createArrayBuilder()
        .add(
            JsonP.createObjectBuilder()
                .add("path", JsonP.createArrayBuilder().add("error"))
                .add("set", JsonP.createObjectBuilder().add("status", status).add("message", text)))
        .build();
  }

  /** The whole body: {@code {"uri":..,"operations":[...]}}. */
  public static JsonObject body(String uri, JsonArray operations) {
    return JsonP.createObjectBuilder().add("uri", uri).add("operations", operations).build();
  }
}
