package io.previewbridge.delivery.control;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: {@code burst} requests may go at once, then one every {@code 1/rate} seconds.
 * Besides taking permits it answers when the next one will be free. It does not queue waiters or
 * space them out: in a burst most waiting deliveries are superseded by newer states and never come
 * back, so a schedule that counted each of them ran ever further ahead and held the newest state
 * back long after the permits were free. The {@link Deliverer} keeps waiters from returning as a
 * herd instead (one held delivery per connection per run).
 *
 * <p>Not thread-safe; {@link NotionRateLimits} guards it. Times are nanosecond-exact {@link
 * Instant}s, tokens are a {@code double}.
 */
final class TokenBucket {

  private final double ratePerSecond;
  private final double burst;
  private double tokens;
  private Instant refilledAt;
  private Instant blockedUntil;

  TokenBucket(double ratePerSecond, int burst, Instant now) {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("a token bucket needs rate > 0 and burst >= 1");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = now;
    this.blockedUntil = now;
  }

  /**
   * The same bucket with another rate and burst (this node's share changed): as full as it was, in
   * proportion to the new burst, and held as long as Notion asked.
   */
  TokenBucket rescaled(double newRate, int newBurst, Instant now) {
    refill(now);
    TokenBucket bucket = new TokenBucket(newRate, newBurst, now);
    bucket.tokens = Math.min(newBurst, tokens * newBurst / burst);
    bucket.blockedUntil = blockedUntil;
    return bucket;
  }

  /** Whether a permit could be taken at {@code now}. */
  boolean available(Instant now) {
    refill(now);
    return !now.isBefore(blockedUntil) && tokens >= 1;
  }

  /** Takes a permit; call only after {@link #available} said yes for the same instant. */
  void take() {
    tokens -= 1;
  }

  /** The earliest time a permit will be free. */
  Instant nextFree(Instant now) {
    refill(now);
    Instant free = now;
    if (tokens < 1) {
      free = now.plus(seconds((1 - tokens) / ratePerSecond));
    }
    return free.isBefore(blockedUntil) ? blockedUntil : free;
  }

  /**
   * Notion said "not before {@code until}" (429/529 with {@code Retry-After}): nothing goes before
   * then, and then only one permit, not a whole burst, so that the first request after the pause
   * tests the water.
   */
  void blockUntil(Instant until) {
    if (until.isAfter(blockedUntil)) {
      blockedUntil = until;
      tokens = 0;
      refilledAt = until.minus(interval());
    }
  }

  private void refill(Instant now) {
    if (now.isAfter(refilledAt)) {
      double elapsed = Duration.between(refilledAt, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + elapsed * ratePerSecond);
      refilledAt = now;
    }
  }

  private Duration interval() {
    return seconds(1 / ratePerSecond);
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos((long) Math.ceil(seconds * 1e9));
  }
}
