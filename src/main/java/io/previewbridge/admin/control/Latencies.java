package io.previewbridge.admin.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long {@code POST /notion/unfurl} took, per minute, for the last hour: count, p50 and p95 of
 * each minute. Kept in this node's memory only (nothing is written to the database on the unfurl
 * path, and a restart starts empty); with several nodes, each shows its own.
 *
 * <p>Each minute keeps every duration up to {@value #SAMPLES_PER_MINUTE}, then a uniform random
 * sample of them (reservoir sampling) while still counting all; so memory is bounded (60 minutes of
 * at most that many longs) and the percentiles stay honest under load.
 */
@ApplicationScoped
public class Latencies {

  static final int MINUTES = 60;
  static final int SAMPLES_PER_MINUTE = 2048;

  /** One minute of the chart. */
  public record Minute(Instant start, long count, long p50Millis, long p95Millis) {}

  private static final class Bucket {
    long epochMinute = Long.MIN_VALUE;
    long count;
    long[] samples = new long[64];
    int size;

    void reset(long minute) {
      epochMinute = minute;
      count = 0;
      size = 0;
    }

    void add(long millis) {
      count++;
      if (size < SAMPLES_PER_MINUTE) {
        if (size == samples.length) {
          samples = Arrays.copyOf(samples, Math.min(samples.length * 2, SAMPLES_PER_MINUTE));
        }
        samples[size++] = millis;
      } else {
        long slot = ThreadLocalRandom.current().nextLong(count);
        if (slot < SAMPLES_PER_MINUTE) {
          samples[(int) slot] = millis;
        }
      }
    }
  }

  private final Bucket[] buckets = new Bucket[MINUTES];
  @Inject Clock clock;

  public Latencies() {
    for (int i = 0; i < MINUTES; i++) {
      buckets[i] = new Bucket();
    }
  }

  /** For tests, without a container. */
  public Latencies(Clock clock) {
    this();
    this.clock = clock;
  }

  /** Records one duration at the current minute. Negative durations count as zero. */
  public void record(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    long minute = epochMinute(clock.instant());
    Bucket bucket = buckets[(int) Math.floorMod(minute, (long) MINUTES)];
    synchronized (bucket) {
      if (bucket.epochMinute != minute) {
        bucket.reset(minute);
      }
      bucket.add(millis);
    }
  }

  /**
   * The last 60 minutes, oldest first, ending with the current (partial) minute; a minute without a
   * request has count 0 and percentiles 0.
   */
  public List<Minute> lastHour() {
    long now = epochMinute(clock.instant());
    List<Minute> minutes = new ArrayList<>(MINUTES);
    for (long minute = now - MINUTES + 1; minute <= now; minute++) {
      Bucket bucket = buckets[(int) Math.floorMod(minute, (long) MINUTES)];
      long count;
      long[] copy;
      synchronized (bucket) {
        boolean current = bucket.epochMinute == minute;
        count = current ? bucket.count : 0;
        copy = current ? Arrays.copyOf(bucket.samples, bucket.size) : new long[0];
      }
      minutes.add(summary(Instant.ofEpochSecond(minute * 60), count, copy));
    }
    return minutes;
  }

  /** Count and nearest-rank p50/p95 of {@code millis} (modified: sorted in place). */
  public static Minute summary(Instant start, long count, long[] millis) {
    if (millis.length == 0) {
      return new Minute(start, count, 0, 0);
    }
    Arrays.sort(millis);
    return new Minute(start, count, percentile(millis, 50), percentile(millis, 95));
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static long epochMinute(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), 60L);
  }
}
