package io.previewbridge.simulator.control;

import java.util.Map;

/**
 * An answer the simulated Notion API gives instead of a success, in Notion's own terms: HTTP
 * status, error {@code code} ({@code unauthorized}, {@code validation_error}, {@code rate_limited},
 * ...), a message, and {@code Retry-After} seconds when the simulator was told to send one.
 */
public class NotionError extends RuntimeException {

  private final int status;
  private final String code;
  private final Integer retryAfter;
  private final Map<String, String> additionalData;

  public NotionError(int status, String code, String message) {
    this(status, code, message, null, Map.of());
  }

  public NotionError(
      int status,
      String code,
      String message,
      Integer retryAfter,
      Map<String, String> additionalData) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.additionalData = Map.copyOf(additionalData);
  }

  public static NotionError missingVersion() {
    return new NotionError(
        400,
        "missing_version",
        "Notion-Version header failed validation: Notion-Version header should be defined,"
            + " instead was `undefined`.");
  }

  public static NotionError unauthorized() {
    return new NotionError(401, "unauthorized", "API token is invalid.");
  }

  public static NotionError invalidJson() {
    return new NotionError(400, "invalid_json", "Error parsing JSON body.");
  }

  public static NotionError validation(String message) {
    return new NotionError(400, "validation_error", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Integer retryAfter() {
    return retryAfter;
  }

  public Map<String, String> additionalData() {
    return additionalData;
  }
}
