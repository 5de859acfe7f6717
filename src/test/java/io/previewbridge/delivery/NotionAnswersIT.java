package io.previewbridge.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.webhooks.SignedChanges;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What PreviewBridge does with each kind of answer from Notion to a PATCH, seen from Notion's side
 * (WireMock's journal) over real HTTP against the built WAR: 5xx streaks, a Notion slower than the
 * client's read timeout, 401, 404, 400 {@code validation_error}, and a burst of changes to one
 * link. Changes arrive by signed webhooks only: the ticket source refreshes every hour and change
 * detection ticks every minute, so what Notion receives within seconds follows from the webhooks.
 *
 * <p>Each test connects to its own Notion workspace with its own Notion token (its own limiter
 * buckets) and uses its own tickets; titles carry a state number so that order can be checked.
 * After every test, no link has received an older state after a newer one.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NotionAnswersIT {

  private static final Logger LOG = Logger.getLogger(NotionAnswersIT.class.getName());

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());
  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);
  static final String SECRET = "notion-answers-webhook-secret-0123456789";

  /** The limiter per connection (the defaults): 2 PATCHes per second, 4 at once. */
  static final double RATE = 2;

  static final int BURST = 4;

  /** Backoff of the test server: 1 s doubling up to 4 s, with equal jitter (half to all of it). */
  static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

  static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  static {
    PEERS.start();
    PEERS.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", hourlySources().toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.notion.read-timeout", READ_TIMEOUT.toString());
    config.put("previewbridge.tracking.interval", "PT1M");
    config.put("previewbridge.delivery.interval", "PT1S");
    config.put("previewbridge.delivery.initial-backoff", INITIAL_BACKOFF.toString());
    config.put("previewbridge.delivery.max-backoff", "PT4S");
    config.put("previewbridge.webhooks.secret", SECRET);
    config.put("previewbridge.notion.rate-per-connection", Double.toString(RATE));
    config.put("previewbridge.notion.burst-per-connection", Integer.toString(BURST));
    return Deployments.previewBridge(config);
  }

  static Path hourlySources() {
    String json = TRACKER.sourcesJson("Acme Answers");
    String hourly = json.replace("\"refresh\": \"PT1S\"", "\"refresh\": \"PT1H\"");
    assertThat(hourly).isNotEqualTo(json);
    try {
      Path file = Files.createTempFile("previewbridge-answers-sources", ".json");
      Files.writeString(file, hourly, StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void noLinkEverReceivedAnOlderStateAfterANewerOne() {
    Map<String, List<ServeEvent>> byUri = new java.util.TreeMap<>();
    patches().forEach(e -> byUri.computeIfAbsent(uriOf(e), u -> new ArrayList<>()).add(e));
    byUri.forEach(
        (uri, events) -> {
          List<Integer> states = events.stream().map(NotionAnswersIT::stateOf).toList();
          assertThat(states).as("states PATCHed for %s, in arrival order", uri).isSorted();
        });
  }

  @Test
  void a5xxStreakIsRetriedWithBackoffAndDeliversTheNewestStateOnce() throws Exception {
    int ticket = 101;
    String uri = AcmeTracker.uri(ticket);
    String token = connectAndUnfurl("ntn_token_5xx", "ws-5xx", ticket);
    {
      String s = "5xx streak";
      PEERS.stubFor(
          forUri(uri)
              .inScenario(s)
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(error(500, "internal_server_error"))
              .willSetStateTo("2"));
      PEERS.stubFor(
          forUri(uri)
              .inScenario(s)
              .whenScenarioStateIs("2")
              .willReturn(error(502, "bad_gateway"))
              .willSetStateTo("3"));
      PEERS.stubFor(
          forUri(uri)
              .inScenario(s)
              .whenScenarioStateIs("3")
              .willReturn(error(503, "service_unavailable"))
              .willSetStateTo("open"));
      PEERS.stubFor(forUri(uri).inScenario(s).whenScenarioStateIs("open").willReturn(json("{}")));
    }

    change(ticket, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> !patchesFor(uri).isEmpty());
    // Notion refused state 1; the ticket changes again while its retry waits
    change(ticket, 2);
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> patchesFor(uri).stream().anyMatch(e -> status(e) == 200));
    assertNothingMoreWithin(Duration.ofSeconds(3), uri);

    List<ServeEvent> attempts = patchesFor(uri);
    assertThat(attempts.stream().map(NotionAnswersIT::status))
        .as("Notion's answers, in order")
        .containsExactly(500, 502, 503, 200);
    ServeEvent accepted = attempts.get(attempts.size() - 1);
    assertThat(stateOf(accepted)).as("the state Notion accepted").isEqualTo(2);
    assertThat(accepted.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + token);
    // each delivery's attempts are spaced by its backoff: at least half of 1 s, 2 s, 4 s ...
    // (four attempts over two states: at least one state was retried)
    for (int state : List.of(1, 2)) {
      List<Instant> times =
          attempts.stream().filter(e -> stateOf(e) == state).map(NotionAnswersIT::at).toList();
      for (int i = 1; i < times.size(); i++) {
        Duration gap = Duration.between(times.get(i - 1), times.get(i));
        Duration least = INITIAL_BACKOFF.multipliedBy(1L << (i - 1)).dividedBy(2);
        LOG.info("state " + state + " attempt " + (i + 1) + " after " + gap.toMillis() + " ms");
        assertThat(gap)
            .as("gap before attempt %d of state %d", i + 1, state)
            .isGreaterThanOrEqualTo(least.minusMillis(50));
      }
    }
  }

  @Test
  void aNotionSlowerThanTheReadTimeoutGetsTheChangeAgainAndThenNothingMore() throws Exception {
    int ticket = 111;
    String uri = AcmeTracker.uri(ticket);
    connectAndUnfurl("ntn_token_slow", "ws-slow", ticket);
    PEERS.stubFor(
        forUri(uri)
            .inScenario("slow")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json("{}").withFixedDelay((int) READ_TIMEOUT.toMillis() * 3))
            .willSetStateTo("quick"));
    PEERS.stubFor(
        forUri(uri).inScenario("slow").whenScenarioStateIs("quick").willReturn(json("{}")));

    change(ticket, 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> patchesFor(uri).size() >= 2);
    assertNothingMoreWithin(Duration.ofSeconds(4), uri);

    List<ServeEvent> attempts = patchesFor(uri);
    assertThat(attempts).hasSize(2);
    assertThat(attempts).allSatisfy(e -> assertThat(stateOf(e)).isEqualTo(1));
    Duration gap = Duration.between(at(attempts.get(0)), at(attempts.get(1)));
    LOG.info("retry after a read timeout: " + gap.toMillis() + " ms after the first attempt");
    // the first attempt was given up after the read timeout, then retried after a backoff
    assertThat(gap).isGreaterThanOrEqualTo(READ_TIMEOUT.plus(INITIAL_BACKOFF.dividedBy(2)));
  }

  @Test
  void a401StopsTheConnectionsPushesWhileOtherConnectionsGoOn() throws Exception {
    String refusedToken = "ntn_token_revoked_at_notion";
    int first = 121;
    int second = 122;
    connectAndUnfurl(refusedToken, "ws-401", first, second);
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withHeader("Authorization", equalTo("Bearer " + refusedToken))
            .willReturn(error(401, "unauthorized")));
    int control = 123;
    connectAndUnfurl("ntn_token_healthy_401", "ws-401-control", control);

    change(first, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> patchesWithToken(refusedToken).size() == 1);
    assertThat(status(patchesWithToken(refusedToken).get(0))).isEqualTo(401);

    // more changes of both links of the refused connection, and one of another connection
    ticket(first, 2);
    ticket(second, 1);
    ticket(control, 1);
    notifyChanged(first, second, control);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !patchesFor(AcmeTracker.uri(control)).isEmpty());
    assertNothingMoreWithin(Duration.ofSeconds(3), AcmeTracker.uri(first), AcmeTracker.uri(second));

    assertThat(patchesWithToken(refusedToken))
        .as("PATCHes with the token Notion refused")
        .hasSize(1);
    assertThat(status(patchesFor(AcmeTracker.uri(control)).get(0))).isEqualTo(200);
  }

  @Test
  void a404StopsTrackingThatLinkOnlyAndTheOthersGoOn() throws Exception {
    int gone = 131;
    int kept = 132;
    connectAndUnfurl("ntn_token_404", "ws-404", gone, kept);
    PEERS.stubFor(
        forUri(AcmeTracker.uri(gone))
            .willReturn(
                error(404, "object_not_found", "Could not find external object with that uri.")));

    ticket(gone, 1);
    ticket(kept, 1);
    notifyChanged(gone, kept);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                patchesFor(AcmeTracker.uri(gone)).size() == 1
                    && patchesFor(AcmeTracker.uri(kept)).size() == 1);
    // once the 404 is recorded, a notification for the link finds nothing tracked
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> scheduled(notifyChanged(gone)) == 0);

    ticket(gone, 2);
    ticket(kept, 2);
    assertThat(scheduled(notifyChanged(gone, kept))).as("previews re-checked").isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> patchesFor(AcmeTracker.uri(kept)).stream().anyMatch(e -> stateOf(e) == 2));
    assertNothingMoreWithin(Duration.ofSeconds(2), AcmeTracker.uri(gone));

    assertThat(patchesFor(AcmeTracker.uri(gone))).as("PATCHes for the link Notion lost").hasSize(1);
  }

  @Test
  void a400IsNotRetriedAndTheLinkStaysTracked() throws Exception {
    int ticket = 141;
    String uri = AcmeTracker.uri(ticket);
    connectAndUnfurl("ntn_token_400", "ws-400", ticket);
    var refusing =
        PEERS.stubFor(
            forUri(uri)
                .willReturn(
                    error(
                        400,
                        "validation_error",
                        "body failed validation: body.operations[0].set[0].inline should be"
                            + " defined.")));

    change(ticket, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> patchesFor(uri).size() == 1);
    // a retry would come after the backoff (at most 1 s) and the next timer run (1 s)
    assertNothingMoreWithin(Duration.ofSeconds(4), uri);

    // the delivery was parked, not the link: a later change is pushed
    PEERS.removeStub(refusing);
    change(ticket, 2);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> patchesFor(uri).stream().anyMatch(e -> stateOf(e) == 2));
    List<ServeEvent> attempts = patchesFor(uri);
    assertThat(attempts.stream().map(NotionAnswersIT::stateOf)).containsExactly(1, 2);
    assertThat(attempts.stream().map(NotionAnswersIT::status)).containsExactly(400, 200);
  }

  @Test
  void aBurstOfChangesToOneLinkEndsWithItsLastStateAndNeverGoesBack() throws Exception {
    int ticket = 151;
    String uri = AcmeTracker.uri(ticket);
    connectAndUnfurl("ntn_token_burst", "ws-burst", ticket);
    int changes = 20;

    Instant started = Instant.now();
    for (int state = 1; state <= changes; state++) {
      change(ticket, state);
    }
    Duration sending = Duration.between(started, Instant.now());
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> patchesFor(uri).stream().anyMatch(e -> stateOf(e) == changes));
    assertNothingMoreWithin(Duration.ofSeconds(3), uri);

    List<ServeEvent> received = patchesFor(uri);
    List<Integer> states = received.stream().map(NotionAnswersIT::stateOf).toList();
    LOG.info(
        () ->
            changes
                + " changes sent in "
                + sending.toMillis()
                + " ms reached Notion as "
                + received.size()
                + " PATCHes: states "
                + states);
    assertThat(states.get(states.size() - 1)).as("the last PATCH").isEqualTo(changes);
    assertThat(states).as("each state at most once, in order").doesNotHaveDuplicates().isSorted();
    // the limiter's promise: within the span of the PATCHes, no more than burst + rate * span
    double span =
        Duration.between(at(received.get(0)), at(received.get(received.size() - 1))).toMillis()
            / 1000.0;
    assertThat(received.size()).isLessThanOrEqualTo((int) Math.floor(BURST + RATE * (span + 0.2)));
    assertThat(received).allSatisfy(e -> assertThat(status(e)).isEqualTo(200));
  }

  // --- the company's systems ---

  /** The ticket now shows state {@code state}, and a webhook says so. */
  void change(int ticket, int state) throws Exception {
    ticket(ticket, state);
    HttpResponse<String> accepted = notifyChanged(ticket);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
  }

  static void ticket(int ticket, int state) {
    TRACKER.ticket(
        ticket, "Ticket " + ticket + " state " + state, state % 2 == 0 ? "closed" : "open");
  }

  HttpResponse<String> notifyChanged(int... tickets) throws Exception {
    List<String> uris = new ArrayList<>();
    for (int ticket : tickets) {
      uris.add(AcmeTracker.uri(ticket));
    }
    return new SignedChanges(http, root(), SECRET).uris(uris);
  }

  static int scheduled(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return parse(response.body()).getInt("scheduled");
  }

  // --- Notion ---

  /**
   * Connects the demo account to a workspace of its own whose Notion token is {@code notionToken},
   * and unfurls the tickets there (state 0).
   */
  String connectAndUnfurl(String notionToken, String workspace, int... tickets) throws Exception {
    TRACKER.notionIssues(notionToken, workspace);
    String accessToken =
        new NotionPlayer(root(), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET)
            .connect("demo", "demo")
            .accessToken();
    for (int ticket : tickets) {
      ticket(ticket, 0);
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(root() + "/notion/unfurl"))
                  .header("Authorization", "Bearer " + accessToken)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          Json.createObjectBuilder()
                              .add("uri", AcmeTracker.uri(ticket))
                              .build()
                              .toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("state 0");
    }
    return notionToken;
  }

  static MappingBuilder forUri(String uri) {
    return patch(urlPathEqualTo("/v1/external/object"))
        .withRequestBody(matchingJsonPath("$.uri", equalTo(uri)));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String code) {
    return error(status, code, "Notion says " + code);
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(
            Json.createObjectBuilder()
                .add("object", "error")
                .add("status", status)
                .add("code", code)
                .add("message", message)
                .build()
                .toString());
  }

  /** Waits {@code quiet}, failing at once if another PATCH for one of the uris arrives. */
  static void assertNothingMoreWithin(Duration quiet, String... uris) {
    int[] before = new int[uris.length];
    for (int i = 0; i < uris.length; i++) {
      before[i] = patchesFor(uris[i]).size();
    }
    await()
        .during(quiet)
        .atMost(quiet.plusSeconds(5))
        .until(
            () -> {
              for (int i = 0; i < uris.length; i++) {
                if (patchesFor(uris[i]).size() != before[i]) {
                  return false;
                }
              }
              return true;
            });
  }

  static List<ServeEvent> patches() {
    return PEERS.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getMethod().getName().equals("PATCH"))
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .toList();
  }

  static List<ServeEvent> patchesFor(String uri) {
    return patches().stream().filter(e -> uri.equals(uriOf(e))).toList();
  }

  static List<ServeEvent> patchesWithToken(String notionToken) {
    return patches().stream()
        .filter(e -> ("Bearer " + notionToken).equals(e.getRequest().getHeader("Authorization")))
        .toList();
  }

  static String uriOf(ServeEvent e) {
    return parse(e.getRequest().getBodyAsString()).getString("uri", "");
  }

  static final Pattern STATE = Pattern.compile("state (\\d+)");

  /** The state number in the PATCH's title. */
  static int stateOf(ServeEvent e) {
    Matcher m = STATE.matcher(e.getRequest().getBodyAsString());
    assertThat(m.find()).as("a state in %s", e.getRequest().getBodyAsString()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  static int status(ServeEvent e) {
    return e.getResponse().getStatus();
  }

  static Instant at(ServeEvent e) {
    return e.getRequest().getLoggedDate().toInstant();
  }

  static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  String root() {
    return base.toString().replaceAll("/$", "");
  }
}
