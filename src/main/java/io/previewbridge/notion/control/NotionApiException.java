package io.previewbridge.notion.control;

import java.time.Duration;
import java.util.Optional;

/**
 * Notion answered with an error status (or could not be reached). Carries what callers need to
 * decide: the HTTP status, Notion's error {@code code} and {@code message}, and {@code Retry-After}
 * when Notion sent one. Never carries a token.
 */
public class NotionApiException extends RuntimeException {

  /** HTTP status 0 means Notion was not reached at all (connection refused, timeout). */
  private final int status;

  private final String code;
  private final Duration retryAfter;

  public NotionApiException(int status, String code, String message, Duration retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public static NotionApiException unreachable(Throwable cause) {
    NotionApiException e =
        new NotionApiException(
            0,
            "unreachable",
            "Notion could not be reached: " + cause.getClass().getSimpleName(),
            null);
    e.initCause(cause);
    return e;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** 429 and 529 (rate limited, overloaded), 5xx and unreachable are worth trying again. */
  public boolean isTransient() {
    return status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
  }
}
