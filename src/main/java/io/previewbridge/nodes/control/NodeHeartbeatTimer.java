package io.previewbridge.nodes.control;

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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The schedule of {@link Nodes#beat()}: every {@code previewbridge.node.heartbeat} (default 10 s).
 * Programmatic and non-persistent, like every timer here: the state is in the database.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeHeartbeatTimer {

  private static final Logger LOG = Logger.getLogger(NodeHeartbeatTimer.class.getName());
  static final String NAME = "node-heartbeat";

  @Resource TimerService timers;
  @Inject TimerHeartbeat heartbeat;
  @Inject Nodes nodes;

  public void start(@Observes @Priority(SystemReady.TIMERS) SystemReady ready) {
    if (!timers.getTimers().isEmpty()) {
      return;
    }
    long every = nodes.heartbeat().toMillis();
    heartbeat.register(NAME, nodes.heartbeat());
    timers.createIntervalTimer(every, every, new TimerConfig(NAME, false));
  }

  @Timeout
  void run(Timer timer) {
    heartbeat.beat(NAME);
    try {
      nodes.beat();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "This node's heartbeat could not be written; it keeps the last count of live nodes ("
              + nodes.liveCount()
              + ")",
          e);
    }
  }
}
