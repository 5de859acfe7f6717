package io.previewbridge.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.EmbeddedPostgres;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.testing.PostgresRig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults survived by one running server, on a private PostgreSQL: a company system that resets
 * connections or stalls, Notion timing out, and the database gone for 30 seconds while previews are
 * being checked and delivered. After each, the same process (never restarted) delivers every
 * change's newest state, and {@code /health/ready} tells the outage and the recovery.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

  static final Duration OUTAGE = Duration.ofSeconds(30);

  static EmbeddedPostgres postgres;
  static PostgresRig rig;
  static PayaraMicroProcess server;
  static long pid;
  static String accessToken;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension
  static final org.junit.jupiter.api.extension.TestWatcher LOGS =
      PostgresRig.logsOnFailure(() -> rig);

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    rig =
        new PostgresRig(
            "faults",
            Map.of(
                // Notion's answer is awaited 2 s, so a Notion that stalls is noticed quickly
                "PREVIEWBRIDGE_NOTION_READ_TIMEOUT", "PT2S",
                "PREVIEWBRIDGE_FETCH_READ_TIMEOUT", "PT2S"),
            options().dynamicPort(),
            postgres);
    IntStream.rangeClosed(1, 6).forEach(n -> rig.tracker.ticket(n, "Ticket " + n, "open"));
    // Notion accepts every PATCH (WireMock's default 404 would stop the previews)
    rig.peers.stubFor(
        patch(urlPathEqualTo("/v1/external/object")).willReturn(AcmeTracker.json("{}")));
    server = rig.start();
    pid = server.pid();
    accessToken = rig.connect(server).accessToken();
    for (int n = 1; n <= 6; n++) {
      assertThat(PostgresRig.title(rig.unfurl(server, accessToken, AcmeTracker.uri(n))))
          .isEqualTo("Ticket " + n);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (rig != null) {
      rig.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void anUpstreamThatResetsConnectionsOrStallsIsAnErrorCardAndThePreviewRecovers()
      throws Exception {
    StubMapping reset =
        rig.peers.stubFor(
            get(urlPathEqualTo("/tickets/7"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(rig.unfurl(server, accessToken, AcmeTracker.uri(7)).toString())
        .as("a reset connection is an error operation, not a failed callback")
        .contains("\"error\"");
    rig.peers.removeStub(reset);

    // a tracked preview whose upstream resets, then stalls beyond the read timeout, then is back
    rig.peers.stubFor(
        get(urlPathEqualTo("/tickets/1"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    Thread.sleep(3_000); // a few checks meet the reset
    rig.peers.stubFor(
        get(urlPathEqualTo("/tickets/1"))
            .willReturn(
                AcmeTracker.json("{\"title\":\"Too late\",\"state\":\"open\"}")
                    .withFixedDelay(5_000)));
    Thread.sleep(6_000); // and a check or two time out
    rig.tracker.ticket(1, "Ticket 1 (after the upstream's trouble)", "closed");
    awaitNewestDelivered(
        Map.of(1, "Ticket 1 (after the upstream's trouble)"), Duration.ofSeconds(60));
    assertThat(rig.patchesContaining("Too late")).as("a stalled answer is never used").isEmpty();
    assertSameProcess();
  }

  @Test
  @Order(2)
  void notionTimingOutDelaysDeliveriesAndLosesNone() throws Exception {
    StubMapping stalls =
        rig.peers.stubFor(
            patch(urlPathEqualTo("/v1/external/object"))
                .willReturn(AcmeTracker.json("{}").withFixedDelay(4_000)));
    rig.tracker.ticket(2, "Ticket 2 (sent while Notion stalls)", "open");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(rig.patchesContaining("while Notion stalls")).hasSizeGreaterThan(1));
    rig.peers.removeStub(stalls);
    rig.tracker.ticket(2, "Ticket 2 (Notion answers again)", "closed");
    awaitNewestDelivered(Map.of(2, "Ticket 2 (Notion answers again)"), Duration.ofSeconds(60));
    assertSameProcess();
  }

  @Test
  @Order(3)
  void aThirtySecondDatabaseOutageIsSurvivedWithoutARestartAndLosesNoChange() throws Exception {
    // changes are flowing
    for (int n = 3; n <= 6; n++) {
      rig.tracker.ticket(n, "Ticket " + n + " v2", "open");
    }
    awaitNewestDelivered(
        Map.of(3, "Ticket 3 v2", 4, "Ticket 4 v2", 5, "Ticket 5 v2", 6, "Ticket 6 v2"),
        Duration.ofSeconds(60));

    postgres.stopServer();
    Instant down = Instant.now();
    for (int n = 3; n <= 6; n++) {
      rig.tracker.ticket(n, "Ticket " + n + " v3 (changed during the outage)", "closed");
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(ready().statusCode()).isEqualTo(503));
    HttpResponse<String> duringOutage = ready();
    assertThat(duringOutage.body()).contains("\"database\"").contains("DOWN");
    HttpResponse<String> unfurl = unfurlRaw(AcmeTracker.uri(3));
    assertThat(unfurl.statusCode())
        .as("an unfurl while the database is gone: " + unfurl.body())
        .isIn(200, 503);
    assertThat(unfurl.body()).doesNotContain("Exception");

    Duration left = OUTAGE.minus(Duration.between(down, Instant.now()));
    if (!left.isNegative()) {
      Thread.sleep(left.toMillis());
    }
    postgres.startServer();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(ready().statusCode()).isEqualTo(200));

    awaitNewestDelivered(
        Map.of(
            3, "Ticket 3 v3 (changed during the outage)",
            4, "Ticket 4 v3 (changed during the outage)",
            5, "Ticket 5 v3 (changed during the outage)",
            6, "Ticket 6 v3 (changed during the outage)"),
        Duration.ofSeconds(90));
    assertThat(PostgresRig.title(rig.unfurl(server, accessToken, AcmeTracker.uri(5))))
        .isEqualTo("Ticket 5 v3 (changed during the outage)");
    assertSameProcess();
  }

  // --- helpers ---

  /** Every ticket's last PATCH carries its newest title. */
  static void awaitNewestDelivered(Map<Integer, String> titles, Duration within) {
    try {
      awaitPatches(titles, within);
    } catch (org.awaitility.core.ConditionTimeoutException late) {
      throw new AssertionError(late.getMessage() + "\n" + databaseState(), late);
    }
  }

  /** What the database says about the previews and deliveries, for a failure's message. */
  static String databaseState() {
    StringBuilder state = new StringBuilder();
    for (String query :
        List.of(
            "SELECT uri, status, next_check_at, last_checked_at, last_changed_at, last_error"
                + " FROM tracked_preview ORDER BY uri",
            "SELECT uri, status, attempts, created_at FROM delivery ORDER BY created_at")) {
      try (java.sql.Connection c = rig.database.dataSource().getConnection();
          java.sql.ResultSet rows = c.createStatement().executeQuery(query)) {
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
          for (int i = 1; i <= columns; i++) {
            state.append(rows.getString(i)).append(i < columns ? " | " : "\n");
          }
        }
      } catch (java.sql.SQLException e) {
        state.append(query).append(": ").append(e.getMessage()).append('\n');
      }
    }
    return state.toString();
  }

  static void awaitPatches(Map<Integer, String> titles, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                titles.forEach(
                    (number, title) -> {
                      List<LoggedRequest> sent = rig.patchesFor(AcmeTracker.uri(number));
                      assertThat(sent).as("PATCHes of ticket " + number).isNotEmpty();
                      LoggedRequest newest =
                          sent.stream()
                              .max(Comparator.comparing(LoggedRequest::getLoggedDate))
                              .orElseThrow();
                      assertThat(PostgresRig.title(newest))
                          .as("newest PATCH of ticket " + number)
                          .isEqualTo(title);
                    }));
  }

  /** Nothing was given up on: every preview is still followed, no delivery failed for good. */
  static void assertNothingGivenUp() {
    String state = databaseState();
    assertThat(state).as(state).doesNotContain("| STOPPED |").doesNotContain("| FAILED |");
  }

  static void assertSameProcess() {
    assertNothingGivenUp();
    assertThat(server.isAlive()).as("the server still runs").isTrue();
    assertThat(server.pid()).as("never restarted").isEqualTo(pid);
  }

  static HttpResponse<String> ready() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health/ready"))
            .timeout(Duration.ofSeconds(15))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> unfurlRaw(String uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/notion/unfurl"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"" + uri + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
