package io.previewbridge.fuzz;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.fuzz.MalformedRequests.Request;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.NotionStubs;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.webhooks.control.SignatureVerifier;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The fuzz tier: generated malformed requests (see {@link MalformedRequests}) against a real
 * PreviewBridge on Payara Micro, over plain sockets, with real credentials where an endpoint needs
 * them (a Notion bearer token, an admin's session and CSRF token, a webhook signature). No answer
 * may be a 5xx, carry a stack trace or a class name, or be the container's HTML error page; an
 * endpoint that answers JSON answers its errors as JSON too. Afterwards the server must be ready
 * and its log free of stack traces from all that junk. Also here: the races the review's generated
 * run found (concurrent refreshes of one preview, unfurls of one link, edits of one demo item).
 *
 * <p>{@code mvn verify} sends {@code fuzz.tries} (2,000) requests with a fixed seed; the full run
 * is {@code mvn verify -Dfuzz.tries=10000 -Dit.test=MalformedRequestsIT -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false}. A summary of the answers goes to {@code
 * target/fuzz-summary.txt}.
 */
class MalformedRequestsIT {

  static final String WEBHOOK_SECRET = "fuzz-webhook-secret-0123456789abcdef0123456789";
  static final String HOST = "127.0.0.1";

  static final Pattern STACK_FRAME =
      Pattern.compile("(?m)^\\s*at [a-zA-Z_$][\\w$]*(\\.[\\w$<>]+)+\\(");
  static final Pattern CLASS_NAME =
      Pattern.compile(
          "\\b(java|javax|jakarta|org|com|fish|io|sun)\\.[a-z0-9_]+(\\.[a-zA-Z0-9_$]+)*\\."
              + "[A-Z][\\w$]*(Exception|Error)\\b");

  static final Pattern INVALID_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  static WireMockServer peers;
  static PayaraMicroProcess micro;
  static int port;
  static String sessionCookie;
  static String csrf;
  static String bearer;
  static final Map<String, List<String>> ids = new ConcurrentHashMap<>();
  static long logOffset;
  static String ownPreview;
  static final Map<String, Integer> answers = new TreeMap<>();
  static final AtomicLong sent = new AtomicLong();

  @BeforeContainer
  static void start() throws Exception {
    peers = new WireMockServer(options().dynamicPort());
    peers.start();
    peers.stubFor(NotionStubs.tokenExchangeForNewWorkspaces());
    peers.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(okJson("{}")));

    PayaraMicroProcess.Builder server = PayaraMicroProcess.builder("fuzz");
    port = server.port();
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", "classpath:demo/sources.json");
    config.put("previewbridge.public-url", "http://localhost:" + port);
    config.put("previewbridge.notion.api-url", peers.baseUrl());
    // demo mode would expect the simulator's callback; this test plays Notion itself
    config.put("previewbridge.notion.redirect-uri", NotionPlayer.REDIRECT_URI);
    config.put("previewbridge.webhooks.secret", WEBHOOK_SECRET);
    config.put("previewbridge.data-dir", server.workDirectory().resolve("data").toString());
    config.put("previewbridge.tracking.interval", "PT1S");
    config.put("previewbridge.delivery.interval", "PT1S");
    // the fuzz unfurls far more often than Notion would; the limit has its own test
    config.put("previewbridge.unfurl.max-per-minute", "100000");
    config.forEach(server::systemProperty);
    server.jvmOption("-Xmx768m");
    server.deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/");
    micro = server.start();
    micro.awaitReady(PayaraMicroProcess.STARTUP_TIMEOUT, "/health/ready");

    String base = "http://localhost:" + port;
    NotionPlayer notion = new NotionPlayer(base, Deployments.CLIENT_ID, Deployments.CLIENT_SECRET);
    bearer = notion.connect("demo", "demo").accessToken();
    String spare = notion.connect("demo", "demo").accessToken();
    HttpClient http = HttpClient.newHttpClient();
    for (String item : List.of("task-12", "task-13")) {
      NotionPlayer.unfurl(http, base, spare, base + "/demo/items/" + item);
      NotionPlayer.unfurl(http, base, bearer, base + "/demo/items/" + item);
    }
    signInAsAdmin(base);
    createThrowawayAccount(base);
    collectIds(base);
    logOffset = Files.size(micro.log());
  }

  @AfterContainer
  static void stop() throws Exception {
    try {
      StringBuilder summary = new StringBuilder();
      summary.append("requests sent: ").append(sent.get()).append('\n');
      String logged = micro == null ? "" : logSince(logOffset);
      summary
          .append("server log lines meanwhile: ")
          .append(logged.lines().count())
          .append(", SEVERE: ")
          .append(logged.lines().filter(l -> l.contains("SEVERE")).count())
          .append(", WARNING: ")
          .append(logged.lines().filter(l -> l.contains("WARNING")).count())
          .append('\n');
      answers.forEach((key, count) -> summary.append(count).append('\t').append(key).append('\n'));
      Path report = Path.of("target", "fuzz-summary.txt");
      Files.createDirectories(report.getParent());
      Files.writeString(report, summary.toString());
      System.out.println(summary);
      if (micro != null) {
        HttpResponse<String> ready =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as("ready after the fuzz: " + ready.body()).isEqualTo(200);
        String log = logSince(logOffset);
        assertThat(STACK_FRAME.matcher(log).results().count())
            .as("stack-trace lines the junk put in the server log:\n" + abbreviate(log, 6000))
            .isZero();
      }
    } finally {
      if (micro != null) {
        micro.close();
      }
      if (peers != null) {
        peers.stop();
      }
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    return MalformedRequests.requests();
  }

  @Property(seed = "20261207", shrinking = ShrinkingMode.BOUNDED)
  void noRequestGetsAServerErrorAStackTraceOrTheContainersErrorPage(
      @ForAll("requests") Request request) throws IOException {
    byte[] raw = serialize(request);
    RawHttp.Answer answer = RawHttp.exchange(HOST, port, raw, 30_000, request.method());
    sent.incrementAndGet();
    synchronized (answers) {
      answers.merge(answer.status() + " " + request.endpoint().name(), 1, Integer::sum);
    }
    String body = answer.body();
    if (answer.status() == 200
        && body.isEmpty()
        && answer.header("Content-Type") == null
        && (INVALID_PERCENT.matcher(request.target()).find() || emptyHost(request))) {
      // Payara's HTTP layer fails on such a path or Host header before any application code runs
      // and answers an empty 200 (summarised in the log by LogFloodGuard); counted, see summary
      synchronized (answers) {
        answers.merge(
            "container: empty 200 to an invalid percent-encoded path or an empty Host",
            1,
            Integer::sum);
      }
      return;
    }
    if (answer.status() == 0) {
      assertThat(request.protocolBroken())
          .as("the server closed without an answer to " + request)
          .isTrue();
      return;
    }
    assertThat(answer.status()).as(request + "\n-> " + abbreviate(body, 600)).isLessThan(500);
    assertThat(STACK_FRAME.matcher(body).find()).as("stack trace for " + request).isFalse();
    assertThat(CLASS_NAME.matcher(body).find()).as("class name for " + request).isFalse();
    assertThat(body).as("container error page for " + request).doesNotContain("Error report");
    if (request.endpoint().promisesJson()
        && answer.status() >= 400
        && !body.isEmpty()
        && !request.method().equals("HEAD")) {
      assertThat(answer.header("Content-Type"))
          .as("JSON answer of " + request + "\n-> " + abbreviate(body, 300))
          .matches("(?i)application/(problem\\+)?json.*");
    }
  }

  @Example
  void concurrentRefreshesOfOnePreviewAreEachAnsweredWithoutA5xx() throws Exception {
    String preview = ownPreview;
    List<Integer> statuses =
        concurrently(
            16,
            () -> adminCall("POST", "/api/admin/previews/" + preview + "/refresh", null).status());
    assertThat(statuses).allMatch(s -> s < 500).contains(200);
  }

  @Example
  void concurrentUnfurlsOfOneLinkAreEachAnswered() throws Exception {
    String link = "http://localhost:" + port + "/demo/items/task-13";
    List<Integer> statuses =
        concurrently(
            16,
            () ->
                NotionPlayer.unfurl(
                        HttpClient.newHttpClient(), "http://localhost:" + port, bearer, link)
                    .statusCode());
    assertThat(statuses).containsOnly(200);
  }

  @Example
  void concurrentEditsOfOneDemoItemAreEachAnsweredWithoutA5xx() throws Exception {
    List<Integer> statuses =
        concurrently(
            16,
            () -> {
              String body =
                  "{\"status\":\"In review\",\"title\":\"Edited "
                      + Thread.currentThread().getId()
                      + "\"}";
              return RawHttp.exchange(
                      HOST,
                      port,
                      request(
                          "PATCH",
                          "/demo/api/items/task-12",
                          MalformedRequests.headers("Content-Type", "application/json"),
                          body.getBytes(StandardCharsets.UTF_8)),
                      30_000,
                      "PATCH")
                  .status();
            });
    assertThat(statuses).allMatch(s -> s < 500).contains(200);
  }

  /** Found by the 10,000-request run: {@code PATCH /health/ready} was HttpServlet's 501. */
  @Example
  void aMethodTheServersOwnEndpointsDoNotKnowIsA405Problem() throws Exception {
    for (String target : List.of("/health/ready", "/health", "/metrics", "/openapi")) {
      for (String method : List.of("PATCH", "FROB")) {
        RawHttp.Answer answer =
            RawHttp.exchange(
                HOST, port, request(method, target, List.of(), new byte[0]), 30_000, method);
        assertThat(answer.status())
            .as(method + " " + target + " -> " + answer.body())
            .isEqualTo(405);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Allow")).as(method + " " + target).contains("GET");
        assertThat(answer.body()).contains("\"status\":405").doesNotContain("incident");
      }
    }
  }

  static boolean emptyHost(Request request) {
    return request.headers().stream()
        .anyMatch(h -> h[0].equalsIgnoreCase("Host") && h[1].isBlank());
  }

  // --- sending ---

  static byte[] serialize(Request request) {
    List<String[]> headers = new ArrayList<>();
    switch (request.credentials()) {
      case NOTION_BEARER -> headers.add(new String[] {"Authorization", "Bearer " + bearer});
      case ADMIN_SESSION -> {
        headers.add(new String[] {"Cookie", sessionCookie});
        headers.add(new String[] {"X-CSRF-Token", csrf});
      }
      case WEBHOOK_SIGNATURE -> {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        headers.add(new String[] {SignatureVerifier.TIMESTAMP_HEADER, timestamp});
        headers.add(
            new String[] {
              SignatureVerifier.SIGNATURE_HEADER,
              SignatureVerifier.sign(WEBHOOK_SECRET, timestamp, request.body())
            });
      }
      case JUNK -> {
        headers.add(new String[] {"Authorization", "Bearer eyJhbGciOiJub25lIn0.e30."});
        headers.add(new String[] {"Cookie", "PB_SESSION=0000000000"});
        headers.add(new String[] {SignatureVerifier.TIMESTAMP_HEADER, "99999999999999999999"});
        headers.add(new String[] {SignatureVerifier.SIGNATURE_HEADER, "sha256=zz"});
      }
      case NONE -> {}
    }
    headers.addAll(request.headers());
    String target = withIds(request.target(), request.why());
    if (!request.protocolBroken()) {
      return request(request.method(), target, headers, request.body());
    }
    // framing broken on purpose: a Content-Length that lies, is not a number, or is sent twice
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(
        out, request.method() + " " + target + " HTTP/1.1\r\nHost: " + HOST + ":" + port + "\r\n");
    for (String[] header : headers) {
      write(out, header[0] + ": " + header[1] + "\r\n");
    }
    int length = request.body().length;
    String lie =
        switch (Math.floorMod(request.why().hashCode(), 4)) {
          case 0 -> "Content-Length: " + Math.max(0, length - 1) + "\r\n";
          case 1 -> "Content-Length: abc\r\n";
          case 2 -> "Content-Length: " + length + "\r\nContent-Length: " + (length + 5) + "\r\n";
          default -> "Transfer-Encoding: chunked\r\n";
        };
    write(out, lie + "Connection: close\r\n\r\n");
    if (lie.startsWith("Transfer-Encoding")) {
      write(out, "zz\r\n");
    }
    out.writeBytes(request.body());
    return out.toByteArray();
  }

  /** A well-framed request; a {@code Host} among {@code headers} replaces ours. */
  static byte[] request(String method, String target, List<String[]> headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, method + " " + target + " HTTP/1.1\r\n");
    boolean host = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Host"));
    if (!host) {
      write(out, "Host: " + HOST + ":" + port + "\r\n");
    }
    for (String[] header : headers) {
      write(out, header[0] + ": " + header[1] + "\r\n");
    }
    if (body.length > 0 || !method.equals("GET")) {
      write(out, "Content-Length: " + body.length + "\r\n");
    }
    write(out, "Connection: close\r\n\r\n");
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** {@code {id}} becomes an id the server knows (of the kind the path names) or junk. */
  static String withIds(String target, String seed) {
    if (!target.contains("{id}")) {
      return target;
    }
    String kind =
        target.contains("/connections/")
            ? "connections"
            : target.contains("/previews/")
                ? "previews"
                : target.contains("/accounts/") ? "accounts" : "deliveries";
    List<String> known = ids.getOrDefault(kind, List.of());
    int pick = Math.floorMod(seed.hashCode(), known.size() + 3);
    String id =
        pick < known.size()
            ? known.get(pick)
            : List.of("no-such-id", "%00", "1%27%20OR%20%271%27%3D%271").get(pick - known.size());
    return target.replace("{id}", id);
  }

  static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  // --- setting up ---

  static void signInAsAdmin(String base) throws Exception {
    CookieManager jar = new CookieManager();
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(URI.create(base + "/signin?next=admin")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> signedIn = NotionPlayer.password("admin", "admin").on(browser, page);
    assertThat(signedIn.statusCode()).as(signedIn.body()).isLessThan(400);
    sessionCookie =
        jar.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals("PB_SESSION"))
            .map(c -> c.getName() + "=" + c.getValue())
            .findFirst()
            .orElseThrow();
    HttpResponse<String> session =
        browser.send(
            HttpRequest.newBuilder(URI.create(base + "/api/admin/session")).build(),
            HttpResponse.BodyHandlers.ofString());
    csrf = json(session.body()).getString("csrfToken");
  }

  /** An account the fuzz may disable, revoke and reset: never the admin it is signed in as. */
  static void createThrowawayAccount(String base) throws Exception {
    RawHttp.Answer created =
        adminCall(
            "POST",
            "/api/admin/accounts",
            "{\"username\":\"fuzz-target\",\"displayName\":\"Fuzz\",\"password\":"
                + "\"fuzz-target-password-1\",\"roles\":[\"user\"]}");
    assertThat(created.status()).as(created.body()).isLessThan(300);
  }

  static void collectIds(String base) throws Exception {
    ids.put("previews", idsOf(adminCall("GET", "/api/admin/previews", null).body()));
    // the preview the races use: one of the connection the fuzz never revokes
    String ownConnection = bearerConnection();
    for (JsonValue row : rows(json(adminCall("GET", "/api/admin/previews", null).body()))) {
      if (ownConnection.equals(row.asJsonObject().getString("connectionId", ""))) {
        ownPreview = row.asJsonObject().getString("id");
      }
    }
    assertThat(ownPreview).as("a preview of the fuzz's own connection").isNotNull();
    // the fuzz may stop previews: not the one the races use
    ids.put("previews", ids.get("previews").stream().filter(id -> !id.equals(ownPreview)).toList());
    ids.put("deliveries", idsOf(adminCall("GET", "/api/admin/deliveries", null).body()));
    // the fuzz may revoke connections: not the one whose token it uses
    String own = bearerConnection();
    ids.put(
        "connections",
        idsOf(adminCall("GET", "/api/admin/connections", null).body()).stream()
            .filter(id -> !id.equals(own))
            .toList());
    List<String> accounts = new ArrayList<>();
    JsonObject list = json(adminCall("GET", "/api/admin/accounts", null).body());
    for (JsonValue row : rows(list)) {
      JsonObject account = row.asJsonObject();
      if (account.getString("username", "").equals("fuzz-target")) {
        accounts.add(account.getString("id"));
      }
    }
    ids.put("accounts", accounts);
    assertThat(ids.get("previews")).isNotEmpty();
    assertThat(ids.get("accounts")).hasSize(1);
  }

  static String bearerConnection() {
    String payload = bearer.split("\\.")[1];
    JsonObject claims =
        json(new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    return claims.getString("sub");
  }

  static List<String> idsOf(String body) {
    List<String> found = new ArrayList<>();
    for (JsonValue row : rows(json(body))) {
      found.add(row.asJsonObject().getString("id"));
    }
    return found;
  }

  static List<JsonValue> rows(JsonObject list) {
    for (String key :
        List.of("items", "rows", "previews", "connections", "accounts", "deliveries")) {
      if (list.containsKey(key) && list.get(key).getValueType() == JsonValue.ValueType.ARRAY) {
        return list.getJsonArray(key);
      }
    }
    throw new IllegalStateException("no list in " + abbreviate(list.toString(), 300));
  }

  static RawHttp.Answer adminCall(String method, String path, String jsonBody) throws IOException {
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"Cookie", sessionCookie});
    headers.add(new String[] {"X-CSRF-Token", csrf});
    headers.add(new String[] {"Accept", "application/json"});
    byte[] body = new byte[0];
    if (jsonBody != null) {
      headers.add(new String[] {"Content-Type", "application/json"});
      body = jsonBody.getBytes(StandardCharsets.UTF_8);
    }
    return RawHttp.exchange(HOST, port, request(method, path, headers, body), 30_000, method);
  }

  static List<Integer> concurrently(int threads, Callable<Integer> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(call));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> future : futures) {
        statuses.add(
            future.get(Duration.ofSeconds(60).toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  static String logSince(long offset) throws IOException {
    byte[] all = Files.readAllBytes(micro.log());
    int from = (int) Math.min(offset, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  static String abbreviate(String text, int max) {
    return text.length() > max ? text.substring(0, max) + "...(" + text.length() + " chars)" : text;
  }
}
