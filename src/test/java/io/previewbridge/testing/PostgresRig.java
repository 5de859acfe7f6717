package io.previewbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What the system tests on PostgreSQL share (restarts of the outbox, several nodes): WireMock as
 * Notion and as the company's ticket tracker, a fresh database on the shared embedded PostgreSQL,
 * and the built WAR on real Payara Micro processes configured the way server-config/ tells an admin
 * to (environment variables, the PostgreSQL pool, an accounts file), which a test starts, kills
 * with SIGKILL and starts again on the same port and database. {@link #server} is the first node;
 * {@link #node} adds more on the same database. Also reads the outbox straight from the database.
 */
public final class PostgresRig implements AutoCloseable {

  public static final String NOTION_TOKEN = "ntn_restart_test_workspace_token";
  public static final String CLIENT_ID = "restart-notion-client";
  public static final String CLIENT_SECRET = "restart-notion-client-secret-0123456789";
  public static final String DEVELOPER = "Acme Restart Test";
  public static final String USER = "restart-user";
  public static final String PASSWORD = "restart-password";

  public final WireMockServer peers;
  public final AcmeTracker tracker;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  public final EmbeddedPostgres.Database database;
  public final PayaraMicroProcess.Builder server;

  /** The sources file every node reads; a test may rewrite it before the first start. */
  public final Path sources;

  final Map<String, String> environment = new LinkedHashMap<>();
  final List<PayaraMicroProcess> runs = new ArrayList<>();

  /**
   * @param name names the server's work directory
   * @param env more environment variables (or overrides) for the server
   */
  public PostgresRig(String name, Map<String, String> env) throws IOException {
    this(name, env, options().dynamicPort());
  }

  /**
   * @param peersOptions how WireMock runs (a benchmark turns its request journal off, say)
   */
  public PostgresRig(String name, Map<String, String> env, WireMockConfiguration peersOptions)
      throws IOException {
    this(name, env, peersOptions, EmbeddedPostgres.shared());
  }

  /**
   * @param postgres the server the database is created on: a private one for a test that stops it
   */
  public PostgresRig(
      String name,
      Map<String, String> env,
      WireMockConfiguration peersOptions,
      EmbeddedPostgres postgres)
      throws IOException {
    peers = new WireMockServer(peersOptions);
    tracker = new AcmeTracker(peers);
    peers.start();
    tracker.notionIssues(NOTION_TOKEN, "ws-restart");
    database = postgres.createDatabase();

    server = PayaraMicroProcess.builder(name);
    Path work = server.workDirectory();
    sources = work.resolve("sources.json");
    Files.writeString(sources, tracker.sourcesJson(DEVELOPER), StandardCharsets.UTF_8);
    Path accounts = work.resolve("accounts.json");
    Files.writeString(
        accounts,
        "[{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"user\"]}]",
        StandardCharsets.UTF_8);

    environment.putAll(database.environment());
    environment.put("PREVIEWBRIDGE_DATABASE_EXPECTED_PRODUCT", "PostgreSQL");
    environment.put("PREVIEWBRIDGE_DEMO", "false");
    // The same key on every run: the Notion token is stored encrypted with it.
    environment.put(
        "PREVIEWBRIDGE_ENCRYPTION_KEY",
        Base64.getEncoder()
            .encodeToString("delivery-restart-test-key-32byte".getBytes(StandardCharsets.UTF_8)));
    environment.put("PREVIEWBRIDGE_OAUTH_CLIENT_ID", CLIENT_ID);
    environment.put("PREVIEWBRIDGE_OAUTH_CLIENT_SECRET", CLIENT_SECRET);
    environment.put("PREVIEWBRIDGE_NOTION_CLIENT_ID", "restart-integration");
    environment.put("PREVIEWBRIDGE_NOTION_CLIENT_SECRET", "restart-integration-secret");
    environment.put("PREVIEWBRIDGE_NOTION_API_URL", peers.baseUrl());
    environment.put("PREVIEWBRIDGE_SOURCES", sources.toAbsolutePath().toString());
    environment.put("PREVIEWBRIDGE_DEVELOPER_NAME", DEVELOPER);
    environment.put("PREVIEWBRIDGE_ACCOUNTS_FILE", accounts.toAbsolutePath().toString());
    environment.put("PREVIEWBRIDGE_TRACKING_INTERVAL", "PT1S");
    environment.put("PREVIEWBRIDGE_DELIVERY_INTERVAL", "PT1S");
    environment.put("PREVIEWBRIDGE_DELIVERY_INITIAL_BACKOFF", "PT1S");
    // Retries stay frequent and never give up while Notion is down, so that what is pending
    // at the kill does not depend on how slow this machine is.
    environment.put("PREVIEWBRIDGE_DELIVERY_MAX_BACKOFF", "PT2S");
    environment.put("PREVIEWBRIDGE_DELIVERY_MAX_ATTEMPTS", "1000");
    environment.putAll(env);
    configure(server);
  }

  /**
   * Another node on the same database, sources and settings (its own port, work directory and
   * public URL): started with {@link #start(PayaraMicroProcess.Builder)}.
   */
  public PayaraMicroProcess.Builder node(String name) {
    return configure(PayaraMicroProcess.builder(name));
  }

  private PayaraMicroProcess.Builder configure(PayaraMicroProcess.Builder node) {
    return node.addLibrary(PayaraMicroProcess.postgresDriver())
        .postBootCommands(Path.of("server-config/payara-micro/postgresql.asadmin"))
        .deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/")
        .env(environment)
        .env("PREVIEWBRIDGE_PUBLIC_URL", node.baseUrl())
        .env(
            "PREVIEWBRIDGE_DATA_DIR",
            node.workDirectory().resolve("data").toAbsolutePath().toString());
  }

  /** Starts a run of the first node and waits until it is ready on PostgreSQL. */
  public PayaraMicroProcess start() throws Exception {
    return start(server);
  }

  /** Starts a run of {@code node} and waits until it is ready on PostgreSQL. */
  public PayaraMicroProcess start(PayaraMicroProcess.Builder node) throws Exception {
    PayaraMicroProcess run = node.start();
    runs.add(run);
    HttpResponse<String> ready = run.awaitReady();
    assertThat(ready.body()).as("the database in use").contains("PostgreSQL");
    return run;
  }

  /** Kills a run with SIGKILL and checks that it is really gone. */
  public void kill(PayaraMicroProcess run) throws InterruptedException {
    long pid = run.pid();
    run.kill();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("the Payara Micro java process %s is gone", pid)
        .isEmpty();
    assertThat(run.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
  }

  /** The account connects to Notion's workspace through this run (Notion's OAuth dance). */
  public NotionPlayer.Tokens connect(PayaraMicroProcess run) throws Exception {
    return new NotionPlayer(run.baseUrl(), CLIENT_ID, CLIENT_SECRET).connect(USER, PASSWORD);
  }

  /** Notion answers every PATCH with 503 until {@link #notionBack}. */
  public StubMapping notionDown() {
    return peers.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .willReturn(
                json("{\"object\":\"error\",\"status\":503,\"code\":\"service_unavailable\","
                        + "\"message\":\"Notion is unavailable\"}")
                    .withStatus(503)));
  }

  /** Notion accepts again; the journal is emptied, so only what is sent from now on counts. */
  public void notionBack(StubMapping down) {
    peers.removeStub(down);
    peers.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
    peers.resetRequests();
  }

  /** For {@code @RegisterExtension}: the servers' logs when a test fails. */
  public static TestWatcher logsOnFailure(Supplier<PostgresRig> rig) {
    return new TestWatcher() {
      @Override
      public void testFailed(ExtensionContext context, Throwable cause) {
        if (rig.get() != null) {
          rig.get().printLogs();
        }
      }
    };
  }

  /** The end of each run's server log, so that a CI failure explains itself. */
  public void printLogs() {
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

  public List<LoggedRequest> patches() {
    return peers.findAll(patchRequestedFor(urlPathEqualTo("/v1/external/object")));
  }

  public List<LoggedRequest> patchesFor(String uri) {
    return patches().stream()
        .filter(r -> uri.equals(parse(r.getBodyAsString()).getString("uri", null)))
        .toList();
  }

  public List<LoggedRequest> patchesContaining(String text) {
    return patches().stream().filter(r -> r.getBodyAsString().contains(text)).toList();
  }

  /** Attribute id → its value, from a PATCH body or an unfurl answer. */
  public static Map<String, String> attributes(JsonObject body) {
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

  public static String title(JsonObject unfurlOrPatch) {
    return attributes(unfurlOrPatch).get("title");
  }

  public static String title(LoggedRequest patch) {
    return title(parse(patch.getBodyAsString()));
  }

  // --- Notion's calls to us ---

  public JsonObject unfurl(PayaraMicroProcess run, String accessToken, String uri)
      throws Exception {
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

  public static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  // --- the outbox, read straight from the database ---

  /** uri → title carried by each PENDING delivery (at most one per preview). */
  public Map<String, String> pendingTitles() throws SQLException {
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

  public List<String> deliveredUris() throws SQLException {
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
