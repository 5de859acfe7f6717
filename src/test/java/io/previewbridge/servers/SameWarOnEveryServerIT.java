package io.previewbridge.servers;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PostgresRig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13: the one {@code target/previewbridge.war}, the same bytes, on Payara Micro, Payara
 * Server and WildFly, each installed from its distribution and configured with the scripts in
 * server-config/ as the README tells an admin to, on PostgreSQL, with WireMock as Notion and as the
 * company's ticket tracker. On each server:
 *
 * <ol>
 *   <li>a request without a token, on a fresh connection, is a 401 problem with a Bearer challenge
 *       (Payara Server let it through {@code @RolesAllowed}, WildFly answered a plain-text 403);
 *   <li>the whole loop: authorize, sign-in, consent, Notion's code exchanged (in Notion's
 *       snake_case: WildFly had switched the WAR to Jackson), token, unfurl, an upstream change
 *       pushed with the full attribute set, {@code DELETE /notion/unfurl} with a JSON body on a
 *       fresh connection, refresh grant, the deleted-token callback, then 401;
 *   <li>a delivery pending while Notion is down survives a SIGKILL of the server's JVM;
 *   <li>a setting changed with the server's own command takes effect after a restart.
 * </ol>
 */
class SameWarOnEveryServerIT {

  static final String NOTION_TOKEN = ServerSetup.NOTION_TOKEN;
  static final String CLIENT_ID = ServerSetup.CLIENT_ID;
  static final String CLIENT_SECRET = ServerSetup.CLIENT_SECRET;
  static final String DEVELOPER = ServerSetup.DEVELOPER;
  static final String USER = ServerSetup.USER;
  static final String PASSWORD = ServerSetup.PASSWORD;

  /** Every server; {@code -Dservers.only=wildfly} (a part of the name) picks some. */
  static Stream<Function<Path, AppServer>> servers() {
    String only = System.getProperty("servers.only", "").toLowerCase(java.util.Locale.ROOT);
    return Stream.of(
            named("Payara Micro", PayaraMicroServer::new),
            named("Payara Server", PayaraServerDomain::new),
            named("WildFly", WildFlyServer::new))
        .filter(server -> server.toString().toLowerCase(java.util.Locale.ROOT).contains(only));
  }

  /** A constructor that prints as the server's name in the test report. */
  static Function<Path, AppServer> named(String name, Function<Path, AppServer> constructor) {
    return new Function<>() {
      @Override
      public AppServer apply(Path work) {
        return constructor.apply(work);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  ServerSetup setup;
  WireMockServer peers;
  AcmeTracker tracker;
  AppServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension
  final TestWatcher logOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (server != null && server.log() != null) {
            System.err.println(server.logTail(250));
          }
        }
      };

  @AfterEach
  void stopEverything() throws Exception {
    if (server != null) {
      server.close();
    }
    if (setup != null) {
      setup.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void theWholeLoopRestartsAndSettingsOnTheServer(Function<Path, AppServer> kind) throws Exception {
    Files.createDirectories(Path.of("target"));
    Path work =
        Files.createTempDirectory(
                Path.of("target"),
                "server-" + kind.toString().replace(' ', '-').toLowerCase() + "-")
            .toAbsolutePath();
    server = kind.apply(work);
    install(work);
    server.start();
    assertThat(server.get(server.readinessUrl()).body())
        .as("the database in use")
        .contains("PostgreSQL");
    // Health and metrics where the README's "Deploying" section says this server shows them.
    assertThat(server.get(server.livenessUrl()).statusCode()).as("liveness").isEqualTo(200);
    assertThat(server.get(server.metricsUrl()).statusCode()).as("metrics").isEqualTo(200);
    assertThat(server.get(url("/openapi")).statusCode()).as("/openapi").isEqualTo(200);

    aRequestWithoutATokenIsA401ProblemWithABearerChallenge();
    NotionPlayer.Tokens tokens = theWholeLoop();
    aPendingDeliverySurvivesAKill(tokens);
    aSettingChangedWithTheServersCommandTakesEffectAfterARestart();

    // What each server once did with the WAR, and must not do again: health checks failing to
    // inject the data source on WildFly's management thread, RESTEasy switched to Jackson. (Still
    // open: WildFly's pool refuses the immediate push tried in the queuing transaction's
    // completion, IJ000457, and the timer delivers it instead; see server-config/README.md.)
    assertThat(server.allLogsText()).doesNotContain("WFLYWELD0049").doesNotContain("WFLYRS0018");
  }

  void install(Path work) throws Exception {
    setup = new ServerSetup(work);
    peers = setup.peers;
    tracker = setup.tracker;
    server.env(setup.environment(server));
    server.install();
  }

  void aRequestWithoutATokenIsA401ProblemWithABearerChallenge() throws Exception {
    for (String method : List.of("POST", "DELETE")) {
      HttpResponse<String> anonymous =
          sendOnFreshConnection(
              HttpRequest.newBuilder(url("/notion/unfurl"))
                  .header("Content-Type", "application/json")
                  .method(method, body(AcmeTracker.uri(41))));
      assertThat(anonymous.statusCode()).as(method + " without a token").isEqualTo(401);
      assertThat(anonymous.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse(""))
          .startsWith("Bearer");
    }
    HttpResponse<String> forged =
        sendOnFreshConnection(
            HttpRequest.newBuilder(url("/notion/unfurl"))
                .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")
                .header("Content-Type", "application/json")
                .POST(body(AcmeTracker.uri(41))));
    assertThat(forged.statusCode()).as("a forged token").isEqualTo(401);
    assertThat(forged.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  NotionPlayer.Tokens theWholeLoop() throws Exception {
    tracker.ticket(42, "Login fails on Safari", "open");
    tracker.ticket(43, "Export is slow", "open");
    NotionPlayer notion = new NotionPlayer(server.baseUrl(), CLIENT_ID, CLIENT_SECRET);
    NotionPlayer.Authorization authorization = notion.authorize(USER, PASSWORD);
    assertThat(authorization.redirect().toString())
        .startsWith(NotionPlayer.REDIRECT_URI + "?")
        .contains("code=");
    // Notion's own names: on WildFly the WAR had been switched to Jackson, which sent camelCase.
    peers.verify(
        postRequestedFor(urlPathEqualTo("/v1/oauth/token"))
            .withRequestBody(matchingJsonPath("$.grant_type", equalTo("authorization_code")))
            .withRequestBody(matchingJsonPath("$.code", equalTo(authorization.notionCode())))
            .withRequestBody(matchingJsonPath("$.external_account.key"))
            .withRequestBody(matchingJsonPath("$.external_account.name")));
    NotionPlayer.Tokens tokens = notion.exchange(authorization.code());

    JsonObject card = unfurl(tokens.accessToken(), AcmeTracker.uri(42));
    assertThat(PostgresRig.title(card)).isEqualTo("Login fails on Safari");
    assertThat(PostgresRig.attributes(card)).containsEntry("dev", DEVELOPER);
    unfurl(tokens.accessToken(), AcmeTracker.uri(43));

    tracker.ticket(42, "Login fails on Safari (fixed)", "closed");
    LoggedRequest pushed = awaitPatchContaining("Login fails on Safari (fixed)");
    assertThat(pushed.getHeader("Authorization")).isEqualTo("Bearer " + NOTION_TOKEN);
    assertThat(PostgresRig.attributes(PostgresRig.parse(pushed.getBodyAsString())))
        .containsKeys("title", "dev", "state", "number");

    // Notion's DELETE carries a JSON body, on a connection of its own.
    HttpResponse<String> deleted =
        sendOnFreshConnection(
            HttpRequest.newBuilder(url("/notion/unfurl"))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Content-Type", "application/json")
                .method("DELETE", body(AcmeTracker.uri(42))));
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    tracker.ticket(42, "Login fails on Safari (reopened)", "open");
    tracker.ticket(43, "Export is slow (investigating)", "open");
    awaitPatchContaining("Export is slow (investigating)");
    assertThat(patchesContaining("Login fails on Safari (reopened)")).isEmpty();

    NotionPlayer.Tokens refreshed = notion.refresh(http, tokens.refreshToken());
    assertThat(refreshed.accessToken()).isNotEqualTo(tokens.accessToken());
    assertThat(PostgresRig.title(unfurl(refreshed.accessToken(), AcmeTracker.uri(43))))
        .isEqualTo("Export is slow (investigating)");

    HttpResponse<String> revoked =
        http.send(
            HttpRequest.newBuilder(url("/notion/deleted"))
                .header("Authorization", "Bearer " + refreshed.accessToken())
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).isEqualTo(200);
    HttpResponse<String> afterRevocation = postUnfurl(refreshed.accessToken(), AcmeTracker.uri(43));
    assertThat(afterRevocation.statusCode()).isEqualTo(401);
    assertThat(afterRevocation.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");

    // A new connection for what follows.
    return notion.connect(USER, PASSWORD);
  }

  void aPendingDeliverySurvivesAKill(NotionPlayer.Tokens tokens) throws Exception {
    tracker.ticket(44, "Invoices are late", "open");
    assertThat(PostgresRig.title(unfurl(tokens.accessToken(), AcmeTracker.uri(44))))
        .isEqualTo("Invoices are late");
    StubMapping notionDown =
        peers.stubFor(
            patch(urlPathEqualTo("/v1/external/object"))
                .willReturn(
                    json("{\"object\":\"error\",\"status\":503,\"code\":\"service_unavailable\","
                            + "\"message\":\"Notion is unavailable\"}")
                        .withStatus(503)));
    tracker.ticket(44, "Invoices are late (fix deployed)", "closed");
    awaitPatchContaining("Invoices are late (fix deployed)");

    long pid = server.pid().orElseThrow();
    server.kill();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("the server's JVM %s is gone", pid)
        .isEmpty();

    peers.removeStub(notionDown);
    peers.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
    peers.resetRequests();
    server.start();
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(patchesContaining("Invoices are late (fix deployed)"))
                    .filteredOn(r -> r.getBodyAsString().contains(AcmeTracker.uri(44)))
                    .isNotEmpty());
    // Delivered once the server was back, and only once.
    Thread.sleep(3000);
    assertThat(patchesContaining("Invoices are late (fix deployed)")).hasSize(1);
  }

  void aSettingChangedWithTheServersCommandTakesEffectAfterARestart() throws Exception {
    String developer = "Acme via " + server.name().split(" ")[0] + "s own config";
    server.setConfigProperty("previewbridge.developer-name", developer.replace(' ', '_'));
    server.stop();
    server.start();
    NotionPlayer.Tokens tokens =
        new NotionPlayer(server.baseUrl(), CLIENT_ID, CLIENT_SECRET).connect(USER, PASSWORD);
    assertThat(PostgresRig.attributes(unfurl(tokens.accessToken(), AcmeTracker.uri(44))))
        .containsEntry("dev", developer.replace(' ', '_'));
  }

  // --- helpers ---

  List<LoggedRequest> patchesContaining(String text) {
    return peers
        .findAll(
            com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                urlPathEqualTo("/v1/external/object")))
        .stream()
        .filter(r -> r.getBodyAsString().contains(text))
        .toList();
  }

  LoggedRequest awaitPatchContaining(String text) {
    await().atMost(Duration.ofSeconds(60)).until(() -> !patchesContaining(text).isEmpty());
    return patchesContaining(text).get(0);
  }

  JsonObject unfurl(String accessToken, String uri) throws Exception {
    HttpResponse<String> response = postUnfurl(accessToken, uri);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return PostgresRig.parse(response.body());
  }

  HttpResponse<String> postUnfurl(String accessToken, String uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url("/notion/unfurl"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json")
            .POST(body(uri))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.BodyPublisher body(String uri) {
    return HttpRequest.BodyPublishers.ofString(
        Json.createObjectBuilder().add("uri", uri).build().toString());
  }

  URI url(String path) {
    return URI.create(server.baseUrl() + path);
  }

  /** A new HTTP/1.1 client per request: its own TCP connection, as Notion's requests arrive. */
  static HttpResponse<String> sendOnFreshConnection(HttpRequest.Builder request) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
