package io.previewbridge.delivery.control;

import io.previewbridge.platform.control.SystemReady;
import io.previewbridge.platform.control.TimerHeartbeat;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
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
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The schedule of {@link Deliverer}: every {@code previewbridge.delivery.interval} (default 2 s).
 * The timer is programmatic and non-persistent (the outbox table is what survives restarts, not the
 * timer); a run that is still busy makes the next one skip rather than queue up.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryTimer {

  private static final Logger LOG = Logger.getLogger(DeliveryTimer.class.getName());
  static final String NAME = "delivery";

  @Resource TimerService timers;
  @Inject TimerHeartbeat heartbeat;
  @Inject Deliverer deliverer;

  @Inject
  @ConfigProperty(name = "previewbridge.delivery.interval", defaultValue = "PT2S")
  Duration interval;

  private final AtomicBoolean running = new AtomicBoolean();

  public void start(@Observes @Priority(SystemReady.TIMERS) SystemReady ready) {
    if (!timers.getTimers().isEmpty()) {
      return;
    }
    heartbeat.register(NAME, interval);
    timers.createIntervalTimer(
        interval.toMillis(), interval.toMillis(), new TimerConfig(NAME, false));
    LOG.info(() -> "Delivery to Notion runs every " + interval);
  }

  @Timeout
  void run(Timer timer) {
    heartbeat.beat(NAME);
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      deliverer.deliverDue();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "A delivery run failed; the next run tries again", e);
    } finally {
      running.set(false);
    }
  }
}
