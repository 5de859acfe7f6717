package io.previewbridge.tracking;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.testing.PostgresRig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Issue 4's two-instance test: two Payara Micro processes on one PostgreSQL share the change
 * detection of a set of tracked previews. Each preview is checked once per cycle across both (never
 * by both at once), both nodes take part, and when one is killed with SIGKILL the other takes over
 * everything, including the previews the dead node had claimed, once their lease has run out.
 *
 * <p>The source re-checks every preview every {@value #CYCLE_SECONDS} s (a fixed interval, so the
 * cycle is exact) and the company's tracker takes {@value #UPSTREAM_DELAY_MS} ms to answer, so that
 * a node is in the middle of checks most of the time and dies holding claims.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesIT {

  private static final Logger LOG = Logger.getLogger(TwoNodesIT.class.getName());

  static final int CYCLE_SECONDS = 6;
  static final int LEASE_SECONDS = 5;
  static final int UPSTREAM_DELAY_MS = 400;
  static final int FIRST = 501;
  static final int COUNT = 12;

  /** How long each observation runs: four cycles. */
  static final Duration WINDOW = Duration.ofSeconds(4L * CYCLE_SECONDS);

  PostgresRig rig;
  PayaraMicroProcess.Builder secondNode;

  @RegisterExtension final TestWatcher logOnFailure = PostgresRig.logsOnFailure(() -> rig);

  @BeforeAll
  void startPeersAndDatabase() throws Exception {
    rig =
        new PostgresRig(
            "two-nodes-a",
            Map.of(
                "PREVIEWBRIDGE_TRACKING_LEASE", "PT" + LEASE_SECONDS + "S",
                "PREVIEWBRIDGE_TRACKING_BATCH_SIZE", "4",
                "PREVIEWBRIDGE_TRACKING_CONCURRENCY", "2",
                "PREVIEWBRIDGE_NODE_HEARTBEAT", "PT2S",
                "PREVIEWBRIDGE_FETCH_CACHE_TTL", "PT0S"));
    String cycle = "\"PT" + CYCLE_SECONDS + "S\"";
    Files.writeString(
        rig.sources,
        rig.tracker
            .sourcesJson(PostgresRig.DEVELOPER)
            .replace(
                "\"refresh\": \"PT1S\"",
                "\"refresh\": "
                    + cycle
                    + ", \"refreshMin\": "
                    + cycle
                    + ", \"refreshMax\": "
                    + cycle),
        StandardCharsets.UTF_8);
    rig.server.env("PREVIEWBRIDGE_NODE_NAME", "node-a");
    secondNode = rig.node("two-nodes-b").env("PREVIEWBRIDGE_NODE_NAME", "node-b");
    for (int n = FIRST; n < FIRST + COUNT; n++) {
      rig.tracker.ticket(n, "Ticket " + n, "open");
    }
    rig.peers.setGlobalFixedDelay(UPSTREAM_DELAY_MS);
  }

  @AfterAll
  void stopEverything() throws InterruptedException {
    rig.close();
  }

  @Test
  void eachPreviewIsCheckedOncePerCycleAcrossBothNodesAndTheSurvivorTakesOverAfterAKill()
      throws Exception {
    PayaraMicroProcess a = rig.start();
    NotionPlayer.Tokens tokens = rig.connect(a);
    for (int n = FIRST; n < FIRST + COUNT; n++) {
      rig.unfurl(a, tokens.accessToken(), AcmeTracker.uri(n));
    }
    PayaraMicroProcess b = rig.start(secondNode);

    // both nodes at work: every preview checked once per cycle, by one node at a time
    rig.peers.resetRequests();
    Instant bothStart = Instant.now();
    Set<String> checkers = watchCheckers(bothStart, WINDOW);
    Map<String, List<Instant>> fetches = fetchesSince(bothStart);
    assertOncePerCycle(fetches, "two nodes");
    assertThat(checkers)
        .as("nodes that checked previews")
        .containsExactlyInAnyOrder("node-a", "node-b");

    // node A dies in the middle of its checks
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !claimsOf("node-a").isEmpty());
    rig.kill(a);
    Instant killedAt = Instant.now();
    Map<String, Instant> orphaned = claimsOf("node-a");
    LOG.info(() -> "Node A killed holding claims on " + orphaned.size() + " previews");
    assertThat(orphaned).as("previews node A had claimed when it died").isNotEmpty();

    // its claims are taken over by B once their lease has run out, not before
    await()
        .atMost(Duration.ofSeconds(LEASE_SECONDS + 15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> checkedSinceBy(killedAt, "node-b").keySet().containsAll(orphaned.keySet()));
    Map<String, Instant> takenOver = checkedSinceBy(killedAt, "node-b");
    Map<String, String> uriOf = uris();
    for (Map.Entry<String, Instant> claim : orphaned.entrySet()) {
      Instant leaseEnd = claim.getValue();
      List<Instant> after =
          fetchesSince(killedAt).getOrDefault(uriOf.get(claim.getKey()), List.of());
      assertThat(after).as("fetches of %s after the kill", uriOf.get(claim.getKey())).isNotEmpty();
      assertThat(after.get(0))
          .as("B fetched A's claimed preview only after the lease ended at %s", leaseEnd)
          .isAfterOrEqualTo(leaseEnd.minusMillis(100))
          .isBefore(leaseEnd.plusSeconds(CYCLE_SECONDS));
      assertThat(takenOver.get(claim.getKey())).isAfter(leaseEnd.minusMillis(100));
    }

    // from then on B alone checks everything once per cycle
    Instant aloneStart = Instant.now();
    Set<String> alone = watchCheckers(aloneStart, WINDOW);
    assertOncePerCycle(fetchesSince(aloneStart), "node B alone");
    assertThat(alone).containsExactly("node-b");
    assertThat(checkedSinceBy(aloneStart, "node-b"))
        .as("every preview, checked by B")
        .hasSize(COUNT);
    assertThat(b.logContains("Live nodes on this database: 2 -> 1"))
        .as("B counted A out, so it takes the whole of Notion's limits")
        .isTrue();
  }

  /** Each uri was fetched about once per cycle in the window, never twice within half a cycle. */
  static void assertOncePerCycle(Map<String, List<Instant>> fetches, String who) {
    int cycles = (int) (WINDOW.toSeconds() / CYCLE_SECONDS);
    assertThat(fetches).as("%s: uris fetched", who).hasSize(COUNT);
    fetches.forEach(
        (uri, times) -> {
          assertThat(times)
              .as("%s: fetches of %s in %d cycles", who, uri, cycles)
              .hasSizeBetween(cycles - 1, cycles + 1);
          for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i)))
                .as("%s: %s checked twice within half a cycle (%s)", who, uri, times)
                .isGreaterThan(Duration.ofMillis(CYCLE_SECONDS * 500L));
          }
        });
  }

  /**
   * Watches the database for {@code window}: the nodes that checked previews since {@code from}.
   */
  Set<String> watchCheckers(Instant from, Duration window) throws Exception {
    Set<String> nodes = new HashSet<>();
    Instant end = from.plus(window);
    while (Instant.now().isBefore(end)) {
      for (String node : List.of("node-a", "node-b")) {
        if (!checkedSinceBy(from, node).isEmpty()) {
          nodes.add(node);
        }
      }
      Thread.sleep(500);
    }
    return nodes;
  }

  /** uri → when the tracker was asked for it since {@code from}, in order. */
  Map<String, List<Instant>> fetchesSince(Instant from) {
    Map<String, List<Instant>> fetches = new TreeMap<>();
    for (LoggedRequest request :
        rig.peers.findAll(getRequestedFor(urlPathMatching("/tickets/\\d+")))) {
      Instant at = request.getLoggedDate().toInstant();
      if (!at.isBefore(from)) {
        String number = request.getUrl().replaceAll("\\D", "");
        fetches
            .computeIfAbsent(AcmeTracker.uri(Integer.parseInt(number)), k -> new ArrayList<>())
            .add(at);
      }
    }
    fetches.values().forEach(times -> times.sort(null));
    return fetches;
  }

  /** Preview id → end of the lease, for the previews {@code node} holds a claim on now. */
  Map<String, Instant> claimsOf(String node) throws SQLException {
    return rows(
        "SELECT id, next_check_at FROM tracked_preview WHERE claim_id IS NOT NULL AND checked_by = ?",
        node);
  }

  /** Preview id → last check, for previews last checked since {@code from}, by {@code node}. */
  Map<String, Instant> checkedSinceBy(Instant from, String node) throws SQLException {
    return rows(
        "SELECT id, last_checked_at FROM tracked_preview WHERE checked_by = ?"
            + " AND last_checked_at >= ?",
        node,
        from.atOffset(ZoneOffset.UTC));
  }

  Map<String, String> uris() throws SQLException {
    Map<String, String> uris = new TreeMap<>();
    try (Connection connection = rig.database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, uri FROM tracked_preview")) {
      while (rows.next()) {
        uris.put(rows.getString(1), rows.getString(2));
      }
    }
    return uris;
  }

  /** id → instant, the two columns of each row of {@code sql}. */
  Map<String, Instant> rows(String sql, Object... parameters) throws SQLException {
    Map<String, Instant> found = new TreeMap<>();
    try (Connection connection = rig.database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.put(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant());
        }
      }
    }
    return found;
  }
}
