package io.previewbridge.tracking.control;

import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.SystemReady;
import io.previewbridge.sources.entity.Refresh;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When a tracked preview is checked next. Adaptive, so that many previews cost little and the ones
 * people are looking at stay fresh:
 *
 * <ul>
 *   <li><b>hot</b>: unfurled or changed within {@code previewbridge.tracking.hot-window} (PT15M):
 *       every {@code refreshMin} of its source;
 *   <li><b>settled</b>: every {@code refresh} at first, then, the longer it has not changed, less
 *       often: {@code backoff-factor} (0.1) of the time since its last change or unfurl, the
 *       heuristic HTTP caches use for freshness (RFC 9111 §4.2.2), up to {@code refreshMax}.
 * </ul>
 *
 * <p>Every interval is then shortened by a random fraction of at most {@code
 * previewbridge.tracking.jitter} (0.1), never lengthened: previews unfurled or changed together
 * drift apart instead of coming back as one wave, and no preview waits longer than its bound.
 */
@ApplicationScoped
public class PollingSchedule {

  @Inject
  @ConfigProperty(name = "previewbridge.tracking.hot-window", defaultValue = "PT15M")
  Duration hotWindow;

  @Inject
  @ConfigProperty(name = "previewbridge.tracking.backoff-factor", defaultValue = "0.1")
  double backoffFactor;

  @Inject
  @ConfigProperty(name = "previewbridge.tracking.jitter", defaultValue = "0.1")
  double jitter;

  DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

  public PollingSchedule() {}

  /** For tests without a container. */
  PollingSchedule(Duration hotWindow, double backoffFactor, double jitter, DoubleSupplier random) {
    this.hotWindow = hotWindow;
    this.backoffFactor = backoffFactor;
    this.jitter = jitter;
    this.random = random;
    validate();
  }

  /** Fails the start with the first bad value, before any preview is scheduled. */
  void check(@Observes @Priority(SystemReady.CONFIGURATION) SystemReady ready) {
    validate();
  }

  private void validate() {
    if (hotWindow.isNegative()) {
      throw new ConfigurationProblem(
          "previewbridge.tracking.hot-window", "must not be negative: " + hotWindow);
    }
    if (!(backoffFactor >= 0 && backoffFactor <= 10)) {
      throw new ConfigurationProblem(
          "previewbridge.tracking.backoff-factor", "must be from 0 to 10: " + backoffFactor);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new ConfigurationProblem(
          "previewbridge.tracking.jitter", "must be at least 0 and less than 1: " + jitter);
    }
  }

  /**
   * The interval before the next check, without jitter.
   *
   * @param lastActivity when the preview was last unfurled or last changed
   */
  public Duration interval(Refresh refresh, Instant lastActivity, Instant now) {
    Duration quiet = Duration.between(lastActivity, now);
    if (quiet.isNegative() || quiet.compareTo(hotWindow) < 0) {
      return refresh.min();
    }
    Duration backedOff = Duration.ofMillis((long) (quiet.toMillis() * backoffFactor));
    if (backedOff.compareTo(refresh.base()) < 0) {
      return refresh.base();
    }
    return backedOff.compareTo(refresh.max()) > 0 ? refresh.max() : backedOff;
  }

  /** When to check next: {@link #interval} from now, shortened by the jitter. */
  public Instant next(Refresh refresh, Instant lastActivity, Instant now) {
    Duration interval = interval(refresh, lastActivity, now);
    long millis = interval.toMillis();
    long shortened = millis - (long) (millis * jitter * random.getAsDouble());
    return now.plusMillis(Math.max(1, shortened));
  }
}
