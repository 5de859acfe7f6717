package io.previewbridge.delivery.control;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before trying a delivery again. Notion's {@code Retry-After} wins when present
 * (plus up to a second of jitter, so that many waiting deliveries do not return in the same
 * instant); otherwise the wait doubles per failed attempt from {@code initial} up to {@code max},
 * with "equal jitter" (half fixed, half random).
 */
public record Backoff(Duration initial, Duration max) {

  static final Duration RETRY_AFTER_JITTER = Duration.ofSeconds(1);

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
  }

  /**
   * @param failures how many attempts have failed so far, this one included (1 after the first)
   * @param random a source of numbers in [0, 1)
   */
  public Duration delay(int failures, Optional<Duration> retryAfter, DoubleSupplier random) {
    if (retryAfter.isPresent()) {
      return retryAfter
          .get()
          .plusMillis((long) (random.getAsDouble() * RETRY_AFTER_JITTER.toMillis()));
    }
    Duration base = exponential(failures);
    long half = base.toMillis() / 2;
    return Duration.ofMillis(base.toMillis() - half + (long) (random.getAsDouble() * half));
  }

  /** {@code initial * 2^(failures-1)}, capped at {@code max}, without overflowing. */
  Duration exponential(int failures) {
    int doublings = Math.max(0, failures - 1);
    Duration d = initial;
    for (int i = 0; i < doublings && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
