package io.previewbridge.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where every periodic timer reports that it ran, so that liveness can tell a server whose timers
 * have silently stopped (and whose previews would go stale) from a healthy one.
 */
@ApplicationScoped
public class TimerHeartbeat {

  /** One registered timer: how often it should run, and when it last did. */
  public record Beat(Duration interval, Instant registeredAt, Instant lastBeat) {}

  @Inject Clock clock;

  private final Map<String, Beat> beats = new ConcurrentHashMap<>();

  public void register(String timer, Duration interval) {
    beats.put(timer, new Beat(interval, clock.instant(), null));
  }

  public void beat(String timer) {
    beats.computeIfPresent(
        timer, (name, b) -> new Beat(b.interval(), b.registeredAt(), clock.instant()));
  }

  public Map<String, Beat> beats() {
    return Map.copyOf(beats);
  }

  /** A timer is late when it has not run for three intervals (at least a minute). */
  public boolean isLate(Beat beat, Instant now) {
    Duration allowed = beat.interval().multipliedBy(3);
    if (allowed.compareTo(Duration.ofMinutes(1)) < 0) {
      allowed = Duration.ofMinutes(1);
    }
    Instant since = beat.lastBeat() != null ? beat.lastBeat() : beat.registeredAt();
    return since.plus(allowed).isBefore(now);
  }
}
