package io.previewbridge.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.EmbeddedPostgres;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The issue's acceptance point "a push that failed is not lost when the server restarts", as a
 * system test: the built WAR on a real Payara Micro process on a real PostgreSQL, started the way
 * server-config/ tells an admin to, with WireMock as Notion and as the company's ticket tracker.
 *
 * <p>Notion answers every PATCH with 503 while two tickets change (one of them twice), so their
 * deliveries wait in the outbox; the server is then killed with SIGKILL (no shutdown, nothing
 * flushed) and started again on the same database while Notion accepts again. Each preview must
 * then reach Notion exactly once, with its newest state and the full attribute set, and nothing
 * older after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliverySurvivesRestartIT {

  static final String NOTION_TOKEN = "ntn_restart_test_workspace_token";
  static final String CLIENT_ID = "restart-notion-client";
  static final String CLIENT_SECRET = "restart-notion-client-secret-0123456789";
  static final String DEVELOPER = "Acme Restart Test";
  static final String USER = "restart-user";
  static final String PASSWORD = "restart-password";
  static final Duration DELIVERY_AFTER_RESTART = Duration.ofMinutes(3);

  static final int A = 71;
  static final int B = 72;

  final WireMockServer peers = new WireMockServer(options().dynamicPort());

  final AcmeTracker tracker = new AcmeTracker(peers);
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  EmbeddedPostgres.Database database;
  PayaraMicroProcess.Builder server;
  final List<PayaraMicroProcess> runs = new ArrayList<>();

  /** On failure, the end of each run's server log, so a CI failure explains itself. */
  @RegisterExtension
  final TestWatcher logOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          runs.forEach(run -> System.err.println(run.logTail(200)));
        }
      };

  @BeforeAll
  void startPeersAndDatabase() throws IOException {
    peers.start();
    tracker.notionIssues(NOTION_TOKEN, "ws-restart");
    database = EmbeddedPostgres.shared().createDatabase();

    server = PayaraMicroProcess.builder("delivery-survives-restart");
    Path work = server.workDirectory();
    Path sources = work.resolve("sources.json");
    Files.writeString(sources, tracker.sourcesJson(DEVELOPER), StandardCharsets.UTF_8);
    Path accounts = work.resolve("accounts.json");
    Files.writeString(
        accounts,
        "[{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"user\"]}]",
        StandardCharsets.UTF_8);

    server
        .addLibrary(PayaraMicroProcess.postgresDriver())
        .postBootCommands(Path.of("server-config/payara-micro/postgresql.asadmin"))
        .deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/")
        .env(database.environment())
        .env("PREVIEWBRIDGE_DATABASE_EXPECTED_PRODUCT", "PostgreSQL")
        .env("PREVIEWBRIDGE_DEMO", "false")
        .env("PREVIEWBRIDGE_PUBLIC_URL", server.baseUrl())
        .env("PREVIEWBRIDGE_DATA_DIR", work.resolve("data").toAbsolutePath().toString())
        // The same key on both runs: the Notion token is stored encrypted with it.
        .env(
            "PREVIEWBRIDGE_ENCRYPTION_KEY",
            Base64.getEncoder()
                .encodeToString(
                    "delivery-restart-test-key-32byte".getBytes(StandardCharsets.UTF_8)))
        .env("PREVIEWBRIDGE_OAUTH_CLIENT_ID", CLIENT_ID)
        .env("PREVIEWBRIDGE_OAUTH_CLIENT_SECRET", CLIENT_SECRET)
        .env("PREVIEWBRIDGE_NOTION_CLIENT_ID", "restart-integration")
        .env("PREVIEWBRIDGE_NOTION_CLIENT_SECRET", "restart-integration-secret")
        .env("PREVIEWBRIDGE_NOTION_API_URL", peers.baseUrl())
        .env("PREVIEWBRIDGE_SOURCES", sources.toAbsolutePath().toString())
        .env("PREVIEWBRIDGE_DEVELOPER_NAME", DEVELOPER)
        .env("PREVIEWBRIDGE_ACCOUNTS_FILE", accounts.toAbsolutePath().toString())
        .env("PREVIEWBRIDGE_TRACKING_INTERVAL", "PT1S")
        .env("PREVIEWBRIDGE_DELIVERY_INTERVAL", "PT1S")
        .env("PREVIEWBRIDGE_DELIVERY_INITIAL_BACKOFF", "PT1S")
        // Retries stay frequent and never give up while Notion is down, so that what is pending
        // at the kill does not depend on how slow this machine is.
        .env("PREVIEWBRIDGE_DELIVERY_MAX_BACKOFF", "PT2S")
        .env("PREVIEWBRIDGE_DELIVERY_MAX_ATTEMPTS", "1000");
  }

  @AfterAll
  void stopEverything() throws InterruptedException {
    for (PayaraMicroProcess run : runs) {
      run.close();
    }
    peers.stop();
  }

  @Test
  void aPushThatFailedIsDeliveredWithTheNewestStateAfterAKillAndRestart() throws Exception {
    StubMapping notionDown =
        peers.stubFor(
            patch(urlPathEqualTo("/v1/external/object"))
                .willReturn(
                    json("{\"object\":\"error\",\"status\":503,\"code\":\"service_unavailable\","
                            + "\"message\":\"Notion is unavailable\"}")
                        .withStatus(503)));
    tracker.ticket(A, "Checkout times out", "open");
    tracker.ticket(B, "Search ignores accents", "open");

    PayaraMicroProcess first = start();
    NotionPlayer.Tokens tokens =
        new NotionPlayer(first.baseUrl(), CLIENT_ID, CLIENT_SECRET).connect(USER, PASSWORD);
    assertThat(title(unfurl(first, tokens.accessToken(), AcmeTracker.uri(A))))
        .isEqualTo("Checkout times out");
    assertThat(title(unfurl(first, tokens.accessToken(), AcmeTracker.uri(B))))
        .isEqualTo("Search ignores accents");

    // Both tickets change while Notion is down: each push is tried and refused.
    tracker.ticket(A, "Checkout times out (investigating)", "open");
    tracker.ticket(B, "Search ignores accents (fixed)", "closed");
    awaitRefusedPatch(AcmeTracker.uri(A), "Checkout times out (investigating)");
    awaitRefusedPatch(AcmeTracker.uri(B), "Search ignores accents (fixed)");

    // A changes once more: its newest state replaces the older one in the outbox.
    tracker.ticket(A, "Checkout times out (fix deployed)", "closed");
    awaitRefusedPatch(AcmeTracker.uri(A), "Checkout times out (fix deployed)");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(pendingTitles())
                    .as("pending deliveries before the kill")
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            AcmeTracker.uri(A), "Checkout times out (fix deployed)",
                            AcmeTracker.uri(B), "Search ignores accents (fixed)")));

    long pid = first.pid();
    first.kill();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("the Payara Micro java process %s is gone", pid)
        .isEmpty();
    assertThat(first.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
    assertThat(pendingTitles()).as("the outbox after the kill").hasSize(2);

    // Notion is back; only what is sent from now on counts.
    peers.removeStub(notionDown);
    peers.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
    peers.resetRequests();

    PayaraMicroProcess second = start();
    assertThat(second.port()).isEqualTo(first.port());
    await()
        .atMost(DELIVERY_AFTER_RESTART)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(patchesFor(AcmeTracker.uri(A))).isNotEmpty();
              assertThat(patchesFor(AcmeTracker.uri(B))).isNotEmpty();
            });
    // Long enough for several delivery and change-detection runs to send anything left over.
    Thread.sleep(Duration.ofSeconds(10).toMillis());

    assertDeliveredOnce(AcmeTracker.uri(A), "Checkout times out (fix deployed)", "closed");
    assertDeliveredOnce(AcmeTracker.uri(B), "Search ignores accents (fixed)", "closed");
    assertThat(patchesContaining("(investigating)"))
        .as("the intermediate state of A is never sent after the restart")
        .isEmpty();
    assertThat(pendingTitles()).as("nothing left pending").isEmpty();
    assertThat(deliveredUris()).containsExactlyInAnyOrder(AcmeTracker.uri(A), AcmeTracker.uri(B));
  }

  // ---------------------------------------------------------------------------------------------

  PayaraMicroProcess start() throws Exception {
    PayaraMicroProcess run = server.start();
    runs.add(run);
    HttpResponse<String> ready = run.awaitReady();
    assertThat(ready.body()).as("the database in use").contains("PostgreSQL");
    return run;
  }

  void assertDeliveredOnce(String uri, String title, String state) {
    List<LoggedRequest> patches = patchesFor(uri);
    assertThat(patches).as("PATCHes for %s after the restart", uri).hasSize(1);
    LoggedRequest patch = patches.get(0);
    assertThat(patch.getHeader("Authorization"))
        .as("the connection's Notion token, decrypted after the restart")
        .isEqualTo("Bearer " + NOTION_TOKEN);
    JsonObject body = parse(patch.getBodyAsString());
    assertThat(body.getString("uri")).isEqualTo(uri);
    Map<String, String> attributes = attributes(body);
    assertThat(attributes)
        .containsOnlyKeys("title", "dev", "state", "updated", "number", "body")
        .containsEntry("title", title)
        .containsEntry("state", state)
        .containsEntry("dev", DEVELOPER)
        .containsEntry("body", "Reported by support.");
  }

  void awaitRefusedPatch(String uri, String title) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                patchesFor(uri).stream()
                    .anyMatch(
                        p -> title.equals(attributes(parse(p.getBodyAsString())).get("title"))));
  }

  // --- what Notion received ---

  List<LoggedRequest> patchesFor(String uri) {
    return peers.findAll(patchRequestedFor(urlPathEqualTo("/v1/external/object"))).stream()
        .filter(r -> uri.equals(parse(r.getBodyAsString()).getString("uri", null)))
        .toList();
  }

  List<LoggedRequest> patchesContaining(String text) {
    return peers.findAll(patchRequestedFor(urlPathEqualTo("/v1/external/object"))).stream()
        .filter(r -> r.getBodyAsString().contains(text))
        .toList();
  }

  /** Attribute id → its value, from a PATCH body or an unfurl answer. */
  static Map<String, String> attributes(JsonObject body) {
    Map<String, String> values = new TreeMap<>();
    for (JsonObject operation : body.getJsonArray("operations").getValuesAs(JsonObject.class)) {
      if (!operation.getJsonArray("path").getString(0).equals("attributes")) {
        continue;
      }
      for (JsonObject attribute : operation.getJsonArray("set").getValuesAs(JsonObject.class)) {
        JsonObject inline = attribute.getJsonObject("inline");
        if (inline == null) {
          continue; // embeds carry no inline value
        }
        JsonObject typed = inline.getJsonObject(inline.keySet().iterator().next());
        values.put(
            attribute.getString("id"), typed.get("value").toString().replaceAll("^\"|\"$", ""));
      }
    }
    return values;
  }

  static String title(JsonObject unfurl) {
    return attributes(unfurl).get("title");
  }

  // --- Notion's calls to us ---

  JsonObject unfurl(PayaraMicroProcess run, String accessToken, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(run.baseUrl() + "/notion/unfurl"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("uri", uri).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return parse(response.body());
  }

  static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  // --- the outbox, read straight from the database ---

  /** uri → title carried by each PENDING delivery. */
  Map<String, String> pendingTitles() throws SQLException {
    Map<String, String> pending = new TreeMap<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT uri, payload FROM delivery WHERE status = 'PENDING'")) {
      while (rows.next()) {
        String previous =
            pending.put(rows.getString(1), attributes(parse(rows.getString(2))).get("title"));
        assertThat(previous).as("one pending delivery per preview").isNull();
      }
    }
    return pending;
  }

  List<String> deliveredUris() throws SQLException {
    List<String> uris = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT uri FROM delivery WHERE status = 'DELIVERED'")) {
      while (rows.next()) {
        uris.add(rows.getString(1));
      }
    }
    return uris;
  }
}
