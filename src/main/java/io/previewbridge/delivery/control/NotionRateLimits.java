package io.previewbridge.delivery.control;

import io.previewbridge.nodes.control.Nodes;
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
import java.util.function.IntSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps PreviewBridge under Notion's request limits before Notion has to enforce them: every PATCH
 * needs a permit from the bucket of its connection (one Notion token) and from the bucket of its
 * workspace (several of our accounts may connect the same workspace). A delivery without a permit
 * is not sent and not counted as an attempt; the {@link Deliverer} holds it until this class says a
 * permit will be free, so a burst of changes queues in the outbox instead of earning 429s.
 *
 * <p>Defaults stay well under Notion's documented average of 3 requests per second: 2 per second
 * (burst 4) per connection, 2.5 per second (burst 5) per workspace. A 429/529 with {@code
 * Retry-After} blocks the connection's bucket until then, across timer runs.
 *
 * <p>With several nodes on one database, each takes an equal share: rate and burst divided by the
 * number of live nodes ({@code Nodes}), so that together they stay under the configured limits. The
 * buckets live in each node's memory and are rescaled when that number changes (a node that died
 * leaves its share to the others three heartbeats later); they are forgotten on restart, which at
 * worst allows one extra burst.
 */
@ApplicationScoped
public class NotionRateLimits {

  private static final Logger LOG = Logger.getLogger(NotionRateLimits.class.getName());

  static final String RATE_PER_CONNECTION = "previewbridge.notion.rate-per-connection";
  static final String BURST_PER_CONNECTION = "previewbridge.notion.burst-per-connection";
  static final String RATE_PER_WORKSPACE = "previewbridge.notion.rate-per-workspace";
  static final String BURST_PER_WORKSPACE = "previewbridge.notion.burst-per-workspace";

  @Inject Clock clock;
  @Inject Nodes nodes;

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

  /** How many live nodes the buckets were sized for. */
  private int sharedBy = 1;

  /** The live nodes right now; tests give their own. */
  IntSupplier liveNodes = () -> nodes.liveCount();

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
    this.liveNodes = () -> 1;
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
                + ") per workspace, divided among the live nodes on this database");
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
   *     (nothing is reserved: whoever asks first then gets it)
   */
  public synchronized Optional<Instant> acquire(String connectionId, String workspaceId) {
    Instant now = clock.instant();
    rescaleToLiveNodes(now);
    TokenBucket connection = connectionBucket(connectionId, now);
    TokenBucket workspace =
        workspaceId == null
            ? null
            : workspaces.computeIfAbsent(
                workspaceId,
                id ->
                    new TokenBucket(
                        rateShare(ratePerWorkspace), burstShare(burstPerWorkspace), now));
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
      at = later(at, connection.nextFree(now));
    }
    if (!workspaceFree) {
      at = later(at, workspace.nextFree(now));
    }
    return Optional.of(at);
  }

  /** Notion said to wait ({@code Retry-After}): no request with this token before {@code until}. */
  public synchronized void holdConnection(String connectionId, Instant until) {
    connectionBucket(connectionId, clock.instant()).blockUntil(until);
  }

  private TokenBucket connectionBucket(String connectionId, Instant now) {
    return connections.computeIfAbsent(
        connectionId,
        id -> new TokenBucket(rateShare(ratePerConnection), burstShare(burstPerConnection), now));
  }

  /** The number of live nodes changed: every bucket takes the new share, keeping its holds. */
  private void rescaleToLiveNodes(Instant now) {
    int live = Math.max(1, liveNodes.getAsInt());
    if (live == sharedBy) {
      return;
    }
    sharedBy = live;
    connections.replaceAll(
        (id, b) -> b.rescaled(rateShare(ratePerConnection), burstShare(burstPerConnection), now));
    workspaces.replaceAll(
        (id, b) -> b.rescaled(rateShare(ratePerWorkspace), burstShare(burstPerWorkspace), now));
  }

  /** This node's share of a rate. */
  private double rateShare(double rate) {
    return rate / sharedBy;
  }

  /** A share of a burst is still at least one request. */
  private int burstShare(int burst) {
    return Math.max(1, burst / sharedBy);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
