package io.previewbridge.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.testing.PostgresRig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Issue 4's crash test with many pending deliveries: fifty tracked previews on a real Payara Micro
 * process on PostgreSQL ({@link PostgresRig}), Notion answering 503, every ticket changed (the
 * first fifteen twice), the server killed with SIGKILL while all fifty deliveries are pending and
 * being retried, then started again with Notion healthy. Every link must reach Notion exactly once,
 * with its newest state: none lost, none duplicated, no older state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManyDeliveriesSurviveRestartIT {

  private static final Logger LOG =
      Logger.getLogger(ManyDeliveriesSurviveRestartIT.class.getName());

  static final int FIRST = 201;
  static final int COUNT = 50;
  static final int CHANGED_TWICE = 15;

  /** A link that only changes after the restart, and whose PATCH Notion refuses as invalid. */
  static final int PARKED = 300;

  PostgresRig rig;

  @RegisterExtension final TestWatcher logOnFailure = PostgresRig.logsOnFailure(() -> rig);

  @BeforeAll
  void startPeersAndDatabase() throws Exception {
    rig =
        new PostgresRig(
            "many-deliveries-survive-restart",
            Map.of(
                // not the limiter's test: fifty deliveries should not queue for 25 s behind it
                "PREVIEWBRIDGE_NOTION_RATE_PER_CONNECTION", "20",
                "PREVIEWBRIDGE_NOTION_BURST_PER_CONNECTION", "20",
                "PREVIEWBRIDGE_NOTION_RATE_PER_WORKSPACE", "20",
                "PREVIEWBRIDGE_NOTION_BURST_PER_WORKSPACE", "20",
                "PREVIEWBRIDGE_TRACKING_BATCH_SIZE", "50",
                // a delivery in flight at the kill is held by its claim: keep that short
                "PREVIEWBRIDGE_NOTION_READ_TIMEOUT", "PT3S",
                "PREVIEWBRIDGE_DELIVERY_LEASE", "PT10S"));
  }

  @AfterAll
  void stopEverything() throws InterruptedException {
    rig.close();
  }

  @Test
  void fiftyPendingDeliveriesReachNotionOnceEachWithTheirNewestStateAfterAKill() throws Exception {
    StubMapping notionDown = rig.notionDown();
    for (int n = FIRST; n < FIRST + COUNT; n++) {
      ticket(n, 0);
    }
    PayaraMicroProcess first = rig.start();
    NotionPlayer.Tokens tokens = rig.connect(first);
    for (int n = FIRST; n < FIRST + COUNT; n++) {
      assertThat(PostgresRig.title(rig.unfurl(first, tokens.accessToken(), AcmeTracker.uri(n))))
          .isEqualTo(title(n, 0));
    }
    ticket(PARKED, 0);
    rig.unfurl(first, tokens.accessToken(), AcmeTracker.uri(PARKED));

    // every ticket changes while Notion is down; the first fifteen change again
    Map<String, String> expected = new TreeMap<>();
    for (int n = FIRST; n < FIRST + COUNT; n++) {
      ticket(n, 1);
      expected.put(AcmeTracker.uri(n), title(n, 1));
    }
    awaitPending(expected);
    for (int n = FIRST; n < FIRST + CHANGED_TWICE; n++) {
      ticket(n, 2);
      expected.put(AcmeTracker.uri(n), title(n, 2));
    }
    awaitPending(expected);
    int refusedBeforeKill = rig.patches().size();

    rig.kill(first);
    assertThat(rig.pendingTitles()).as("the outbox after the kill").isEqualTo(expected);
    LOG.info(
        () ->
            "Killed with "
                + expected.size()
                + " deliveries pending, after "
                + refusedBeforeKill
                + " refused PATCHes");

    rig.notionBack(notionDown);
    PayaraMicroProcess second = rig.start();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(expected.keySet())
                    .allSatisfy(uri -> assertThat(rig.patchesFor(uri)).isNotEmpty()));
    // several delivery and change-detection runs later, nothing more has been sent
    int delivered = rig.patches().size();
    await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(15))
        .until(() -> rig.patches().size() == delivered);

    Map<String, String> received = new TreeMap<>();
    for (String uri : expected.keySet()) {
      List<LoggedRequest> patches = rig.patchesFor(uri);
      assertThat(patches).as("PATCHes for %s after the restart", uri).hasSize(1);
      assertThat(patches.get(0).getHeader("Authorization"))
          .isEqualTo("Bearer " + PostgresRig.NOTION_TOKEN);
      received.put(uri, PostgresRig.title(patches.get(0)));
    }
    assertThat(received).as("the state each link received").isEqualTo(expected);
    assertThat(rig.patches()).as("PATCHes in all").hasSize(COUNT);
    assertThat(rig.pendingTitles()).as("nothing left pending").isEmpty();
    assertThat(rig.deliveredUris()).as("delivered rows").hasSize(COUNT);
    assertThat(second.port()).isEqualTo(first.port());

    // Notion refuses a PATCH as invalid: parked as FAILED with Notion's message, never retried
    String invalid = AcmeTracker.uri(PARKED);
    String message = "body failed validation: body.operations[0].set[0].inline should be defined.";
    rig.peers.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withRequestBody(matchingJsonPath("$.uri", equalTo(invalid)))
            .willReturn(
                AcmeTracker.json(
                        "{\"object\":\"error\",\"status\":400,\"code\":\"validation_error\","
                            + "\"message\":\""
                            + message
                            + "\"}")
                    .withStatus(400)));
    ticket(PARKED, 1);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(failed()).containsEntry(invalid, "400 " + message));
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .until(() -> rig.patchesFor(invalid).size() == 1);
  }

  /** uri → "status error" of each FAILED delivery, as the admin will see it. */
  Map<String, String> failed() throws SQLException {
    Map<String, String> failed = new TreeMap<>();
    try (Connection connection = rig.database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT uri, last_status, last_error FROM delivery WHERE status = 'FAILED'")) {
      while (rows.next()) {
        failed.put(rows.getString(1), rows.getInt(2) + " " + rows.getString(3));
      }
    }
    return failed;
  }

  void ticket(int n, int state) {
    rig.tracker.ticket(n, title(n, state), state == 0 ? "open" : "closed");
  }

  static String title(int n, int state) {
    return "Ticket " + n + " state " + state;
  }

  /** Change detection found every change: the outbox holds exactly these newest states. */
  void awaitPending(Map<String, String> expected) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(rig.pendingTitles()).isEqualTo(expected));
  }
}
