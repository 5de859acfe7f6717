package io.previewbridge.delivery.control;

import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.SystemReady;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps PreviewBridge under Notion's request limits before Notion has to enforce them: every PATCH
 * needs a permit from the bucket of its connection (one Notion token) and from the bucket of its
 * workspace (several of our accounts may connect the same workspace). A delivery without a permit
 * is not sent and not counted as an attempt; the {@link Deliverer} holds it until the time this
 * class promises, so a burst of changes queues in the outbox instead of earning 429s.
 *
 * <p>Defaults stay well under Notion's documented average of 3 requests per second: 2 per second
 * (burst 4) per connection, 2.5 per second (burst 5) per workspace. A 429/529 with {@code
 * Retry-After} blocks the connection's bucket until then, across timer runs.
 *
 * <p>The buckets live in this node's memory: with several nodes, each applies the limit on its own,
 * so the sum may exceed it (issue 4's multi-node work must share them or split the rate). They are
 * also forgotten on restart, which at worst allows one extra burst.
 */
@ApplicationScoped
public class NotionRateLimits {

  private static final Logger LOG = Logger.getLogger(NotionRateLimits.class.getName());

  static final String RATE_PER_CONNECTION = "previewbridge.notion.rate-per-connection";
  static final String BURST_PER_CONNECTION = "previewbridge.notion.burst-per-connection";
  static final String RATE_PER_WORKSPACE = "previewbridge.notion.rate-per-workspace";
  static final String BURST_PER_WORKSPACE = "previewbridge.notion.burst-per-workspace";

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = RATE_PER_CONNECTION, defaultValue = "2")
  double ratePerConnection;

  @Inject
  @ConfigProperty(name = BURST_PER_CONNECTION, defaultValue = "4")
  int burstPerConnection;

  @Inject
  @ConfigProperty(name = RATE_PER_WORKSPACE, defaultValue = "2.5")
  double ratePerWorkspace;

  @Inject
  @ConfigProperty(name = BURST_PER_WORKSPACE, defaultValue = "5")
  int burstPerWorkspace;

  private final Map<String, TokenBucket> connections = new HashMap<>();
  private final Map<String, TokenBucket> workspaces = new HashMap<>();

  public NotionRateLimits() {}

  /** For tests without a container. */
  NotionRateLimits(
      Clock clock,
      double ratePerConnection,
      int burstPerConnection,
      double ratePerWorkspace,
      int burstPerWorkspace) {
    this.clock = clock;
    this.ratePerConnection = ratePerConnection;
    this.burstPerConnection = burstPerConnection;
    this.ratePerWorkspace = ratePerWorkspace;
    this.burstPerWorkspace = burstPerWorkspace;
    validate();
  }

  /** Fails the start with one message per bad value, before any delivery needs a permit. */
  void check(@Observes @Priority(SystemReady.CONFIGURATION) SystemReady ready) {
    validate();
    LOG.info(
        () ->
            "Requests to Notion limited to "
                + ratePerConnection
                + "/s (burst "
                + burstPerConnection
                + ") per connection and "
                + ratePerWorkspace
                + "/s (burst "
                + burstPerWorkspace
                + ") per workspace, on this node");
  }

  private void validate() {
    positive(RATE_PER_CONNECTION, ratePerConnection);
    positive(RATE_PER_WORKSPACE, ratePerWorkspace);
    if (burstPerConnection < 1) {
      throw new ConfigurationProblem(BURST_PER_CONNECTION, "must be at least 1");
    }
    if (burstPerWorkspace < 1) {
      throw new ConfigurationProblem(BURST_PER_WORKSPACE, "must be at least 1");
    }
  }

  private static void positive(String key, double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new ConfigurationProblem(key, "must be a number of requests per second above 0");
    }
  }

  /**
   * Takes a permit for one request with the connection's token, or says when to ask again.
   *
   * @param workspaceId null if unknown: only the connection's limit applies
   * @return empty if the request may go now; otherwise the time from which a permit should be free
   *     (waiters are promised times one permit apart, so they do not all return at once)
   */
  public synchronized Optional<Instant> acquire(String connectionId, String workspaceId) {
    Instant now = clock.instant();
    TokenBucket connection =
        connections.computeIfAbsent(
            connectionId, id -> new TokenBucket(ratePerConnection, burstPerConnection, now));
    TokenBucket workspace =
        workspaceId == null
            ? null
            : workspaces.computeIfAbsent(
                workspaceId, id -> new TokenBucket(ratePerWorkspace, burstPerWorkspace, now));
    boolean connectionFree = connection.available(now);
    boolean workspaceFree = workspace == null || workspace.available(now);
    if (connectionFree && workspaceFree) {
      connection.take();
      if (workspace != null) {
        workspace.take();
      }
      return Optional.empty();
    }
    Instant at = now;
    if (!connectionFree) {
      at = later(at, connection.promise(now));
    }
    if (!workspaceFree) {
      at = later(at, workspace.promise(now));
    }
    return Optional.of(at);
  }

  /** Notion said to wait ({@code Retry-After}): no request with this token before {@code until}. */
  public synchronized void holdConnection(String connectionId, Instant until) {
    Instant now = clock.instant();
    connections
        .computeIfAbsent(
            connectionId, id -> new TokenBucket(ratePerConnection, burstPerConnection, now))
        .blockUntil(until);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
