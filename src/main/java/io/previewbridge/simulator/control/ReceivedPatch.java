package io.previewbridge.simulator.control;

import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * One {@code PATCH /v1/external/object} as the simulator received and answered it. The body is kept
 * as sent (or as text when it was not JSON); the bearer token is never kept.
 */
public record ReceivedPatch(
    Instant receivedAt,
    int status,
    String code,
    String message,
    String notionVersion,
    String uri,
    JsonValue body) {

  public boolean accepted() {
    return status >= 200 && status < 300;
  }
}
