package io.previewbridge.tracking.control;

import io.previewbridge.platform.control.SystemReady;
import io.previewbridge.platform.control.TimerHeartbeat;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The schedule of {@link ChangeDetector}: every {@code previewbridge.tracking.interval} (default 5
 * s), batches of {@code previewbridge.tracking.batch-size} (20) previews, one after the other for
 * as long as batches come back full, so that a backlog is worked off at once instead of one batch
 * per tick. Each preview's own schedule ({@link PollingSchedule}) decides when it is due; this
 * interval only bounds how late a check can start. Programmatic and non-persistent: due times live
 * in the database, not in the timer.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChangeDetectionTimer {

  private static final Logger LOG = Logger.getLogger(ChangeDetectionTimer.class.getName());
  static final String NAME = "change-detection";

  @Resource TimerService timers;
  @Inject TimerHeartbeat heartbeat;
  @Inject ChangeDetector detector;

  @Inject
  @ConfigProperty(name = "previewbridge.tracking.interval", defaultValue = "PT5S")
  Duration interval;

  @Inject
  @ConfigProperty(name = "previewbridge.tracking.batch-size", defaultValue = "20")
  int batchSize;

  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicInteger requestedBatches = new AtomicInteger();

  /** Bounds the work one notification can start at once. */
  static final int MAX_REQUESTED_BATCHES = 50;

  public void start(@Observes @Priority(SystemReady.TIMERS) SystemReady ready) {
    if (!timers.getTimers().isEmpty()) {
      return;
    }
    heartbeat.register(NAME, interval);
    timers.createIntervalTimer(
        interval.toMillis(), interval.toMillis(), new TimerConfig(NAME, false));
    LOG.info(
        () -> "Change detection runs every " + interval + ", " + batchSize + " previews at most");
  }

  @Timeout
  void run(Timer timer) {
    heartbeat.beat(NAME);
    runBatches();
  }

  /**
   * Checks due previews now, in the background, instead of at the next tick: something (a change
   * webhook) just made {@code previews} previews due. Runs as many batches as that takes (at most
   * {@value #MAX_REQUESTED_BATCHES} per request; the ticks do the rest). If a run is busy, the
   * batches follow it, so a request is never lost.
   */
  @Asynchronous
  public void checkNow(int previews) {
    int batches =
        Math.max(1, Math.min(MAX_REQUESTED_BATCHES, (previews + batchSize - 1) / batchSize));
    requestedBatches.accumulateAndGet(batches, (a, b) -> Math.min(MAX_REQUESTED_BATCHES, a + b));
    runBatches();
  }

  private void runBatches() {
    // a tick during a run is skipped; batches requested during a run follow it
    while (running.compareAndSet(false, true)) {
      try {
        ChangeDetector.Batch batch;
        do {
          requestedBatches.updateAndGet(n -> Math.max(0, n - 1));
          batch = detector.checkDue(batchSize);
        } while (batch.claimed() >= batchSize);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A change-detection run failed; the next run tries again", e);
      } finally {
        running.set(false);
      }
      if (requestedBatches.get() == 0) {
        return;
      }
    }
  }
}
