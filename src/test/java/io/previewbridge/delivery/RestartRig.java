package io.previewbridge.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * What the restart tests of the outbox share: WireMock as Notion and as the company's ticket
 * tracker, a fresh database on the shared embedded PostgreSQL, and the built WAR on a real Payara
 * Micro process configured the way server-config/ tells an admin to (environment variables, the
 * PostgreSQL pool, an accounts file), which a test starts, kills with SIGKILL and starts again on
 * the same port and database. Also reads the outbox straight from the database.
 */
final class RestartRig implements AutoCloseable {

  static final String NOTION_TOKEN = "ntn_restart_test_workspace_token";
  static final String CLIENT_ID = "restart-notion-client";
  static final String CLIENT_SECRET = "restart-notion-client-secret-0123456789";
  static final String DEVELOPER = "Acme Restart Test";
  static final String USER = "restart-user";
  static final String PASSWORD = "restart-password";

  final WireMockServer peers = new WireMockServer(options().dynamicPort());
  final AcmeTracker tracker = new AcmeTracker(peers);
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final EmbeddedPostgres.Database database;
  final PayaraMicroProcess.Builder server;
  final List<PayaraMicroProcess> runs = new ArrayList<>();

  /**
   * @param name names the server's work directory
   * @param env more environment variables (or overrides) for the server
   */
  RestartRig(String name, Map<String, String> env) throws IOException {
    peers.start();
    tracker.notionIssues(NOTION_TOKEN, "ws-restart");
    database = EmbeddedPostgres.shared().createDatabase();

    server = PayaraMicroProcess.builder(name);
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
        // The same key on every run: the Notion token is stored encrypted with it.
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
        .env("PREVIEWBRIDGE_DELIVERY_MAX_ATTEMPTS", "1000")
        .env(env);
  }

  /** Starts a run of the server and waits until it is ready on PostgreSQL. */
  PayaraMicroProcess start() throws Exception {
    PayaraMicroProcess run = server.start();
    runs.add(run);
    HttpResponse<String> ready = run.awaitReady();
    assertThat(ready.body()).as("the database in use").contains("PostgreSQL");
    return run;
  }

  /** Kills a run with SIGKILL and checks that it is really gone. */
  void kill(PayaraMicroProcess run) throws InterruptedException {
    long pid = run.pid();
    run.kill();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("the Payara Micro java process %s is gone", pid)
        .isEmpty();
    assertThat(run.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
  }

  /** The account connects to Notion's workspace through this run (Notion's OAuth dance). */
  NotionPlayer.Tokens connect(PayaraMicroProcess run) throws Exception {
    return new NotionPlayer(run.baseUrl(), CLIENT_ID, CLIENT_SECRET).connect(USER, PASSWORD);
  }

  /** Notion answers every PATCH with 503 until {@link #notionBack}. */
  StubMapping notionDown() {
    return peers.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .willReturn(
                json("{\"object\":\"error\",\"status\":503,\"code\":\"service_unavailable\","
                        + "\"message\":\"Notion is unavailable\"}")
                    .withStatus(503)));
  }

  /** Notion accepts again; the journal is emptied, so only what is sent from now on counts. */
  void notionBack(StubMapping down) {
    peers.removeStub(down);
    peers.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
    peers.resetRequests();
  }

  /** The end of each run's server log, so that a CI failure explains itself. */
  void printLogs() {
    runs.forEach(run -> System.err.println(run.logTail(200)));
  }

  @Override
  public void close() throws InterruptedException {
    for (PayaraMicroProcess run : runs) {
      run.close();
    }
    peers.stop();
  }

  // --- what Notion received ---

  List<LoggedRequest> patches() {
    return peers.findAll(patchRequestedFor(urlPathEqualTo("/v1/external/object")));
  }

  List<LoggedRequest> patchesFor(String uri) {
    return patches().stream()
        .filter(r -> uri.equals(parse(r.getBodyAsString()).getString("uri", null)))
        .toList();
  }

  List<LoggedRequest> patchesContaining(String text) {
    return patches().stream().filter(r -> r.getBodyAsString().contains(text)).toList();
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

  static String title(JsonObject unfurlOrPatch) {
    return attributes(unfurlOrPatch).get("title");
  }

  static String title(LoggedRequest patch) {
    return title(parse(patch.getBodyAsString()));
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

  /** uri → title carried by each PENDING delivery (at most one per preview). */
  Map<String, String> pendingTitles() throws SQLException {
    Map<String, String> pending = new TreeMap<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT uri, payload FROM delivery WHERE status = 'PENDING'")) {
      while (rows.next()) {
        String previous = pending.put(rows.getString(1), title(parse(rows.getString(2))));
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
