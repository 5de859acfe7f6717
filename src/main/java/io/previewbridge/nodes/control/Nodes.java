package io.previewbridge.nodes.control;

import io.previewbridge.nodes.entity.Node;
import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.SystemReady;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This node and the others on the same database: who we are, and how many of us are alive. A node
 * is alive while it was seen within {@link #LIVE_BEATS} heartbeats.
 */
@ApplicationScoped
public class Nodes {

  private static final Logger LOG = Logger.getLogger(Nodes.class.getName());

  /** A node not seen for this many beats is counted out. */
  static final int LIVE_BEATS = 3;

  /** Rows of nodes unseen for this long are deleted. */
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  @PersistenceContext EntityManager em;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "previewbridge.node.name")
  Optional<String> configuredName;

  @Inject
  @ConfigProperty(name = "previewbridge.node.heartbeat", defaultValue = "PT10S")
  Duration heartbeat;

  private final String id = UUID.randomUUID().toString();
  private volatile String name;
  private volatile int live = 1;

  /** Writes this node's row before any work starts, so the others count it at once. */
  @Transactional
  void register(@Observes @Priority(SystemReady.DATA) SystemReady ready) {
    if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigurationProblem(
          "previewbridge.node.heartbeat", "must be at least PT1S: " + heartbeat);
    }
    beat();
    LOG.info(
        () ->
            "This node is "
                + name()
                + " ("
                + id
                + "); "
                + live
                + (live == 1 ? " node" : " nodes")
                + " on this database share the work and Notion's limits");
  }

  /** Records that this node is alive and counts the live nodes; joins the caller's transaction. */
  @Transactional
  public int beat() {
    Instant now = clock.instant();
    Node self = em.find(Node.class, id);
    if (self == null) {
      em.persist(new Node(id, name(), now));
    } else {
      self.seen(now);
    }
    em.flush();
    List<Node> seen = seenSince(now.minus(heartbeat.multipliedBy(LIVE_BEATS)));
    int count = (int) seen.stream().filter(n -> !n.id().equals(id)).count() + 1;
    if (count != live) {
      LOG.info(() -> "Live nodes on this database: " + live + " -> " + count);
    }
    live = count;
    em.createNamedQuery(Node.FORGET_UNSEEN_SINCE)
        .setParameter("before", now.minus(FORGET_AFTER))
        .executeUpdate();
    return count;
  }

  /** The live nodes, oldest first. */
  @Transactional
  public List<Node> live() {
    return seenSince(clock.instant().minus(heartbeat.multipliedBy(LIVE_BEATS)));
  }

  /** How many nodes (this one included) were alive at the last beat; at least 1. */
  public int liveCount() {
    return live;
  }

  /** This node's id: new at every start. */
  public String id() {
    return id;
  }

  /** This node's name for people: {@code previewbridge.node.name}, or host name and process id. */
  public String name() {
    String known = name;
    if (known == null) {
      known = configuredName.filter(n -> !n.isBlank()).map(String::trim).orElseGet(Nodes::host);
      known = known.length() > 200 ? known.substring(0, 200) : known;
      name = known;
    }
    return known;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  private List<Node> seenSince(Instant since) {
    return em.createNamedQuery(Node.SEEN_SINCE, Node.class)
        .setParameter("since", since)
        .getResultList();
  }

  private static String host() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "/" + ProcessHandle.current().pid();
  }
}
