package io.previewbridge.sources.entity;

import java.time.Duration;

/**
 * How often the tracked previews of one source are re-checked: a preview that was just unfurled or
 * just changed ("hot") every {@code min}; a settled one every {@code base} at first, then less
 * often the longer it stays unchanged, up to {@code max}. The sources file declares {@code base} as
 * {@code refresh} and may bound it with {@code refreshMin} and {@code refreshMax}.
 *
 * <p>Invariant: {@code 0 < min <= base <= max}.
 */
public record Refresh(Duration min, Duration base, Duration max) {

  /** {@code refresh} when a source does not say. */
  public static final Duration DEFAULT_BASE = Duration.ofMinutes(5);

  /** The shortest interval a source may ask for. */
  public static final Duration SHORTEST = Duration.ofSeconds(1);

  /** The default: {@link #of(Duration)} of five minutes (every minute while hot, up to 20). */
  public static final Refresh DEFAULT = of(DEFAULT_BASE);

  public Refresh {
    if (min.compareTo(SHORTEST) < 0 || min.compareTo(base) > 0 || base.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "refresh bounds must be "
              + SHORTEST
              + " <= min <= base <= max: "
              + min
              + ", "
              + base
              + ", "
              + max);
    }
  }

  /**
   * The bounds a source gets from {@code refresh} alone: hot previews five times as often (but not
   * more often than every second), settled ones backing off to four times {@code refresh}.
   */
  public static Refresh of(Duration base) {
    return new Refresh(defaultMin(base), base, defaultMax(base));
  }

  public static Duration defaultMin(Duration base) {
    Duration fifth = base.dividedBy(5);
    return fifth.compareTo(SHORTEST) < 0 ? SHORTEST : fifth;
  }

  public static Duration defaultMax(Duration base) {
    return base.multipliedBy(4);
  }

  /** The same interval whatever the preview does: no hot phase, no backoff. */
  public static Refresh fixed(Duration every) {
    return new Refresh(every, every, every);
  }
}
