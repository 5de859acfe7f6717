package io.previewbridge.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Change notifications from the company's systems, and the limiter in front of Notion, over real
 * HTTP against the built WAR. WireMock plays the ticket tracker and a Notion that answers 429 above
 * 3 PATCHes per second ({@link StrictNotion}). The ticket source refreshes only every hour and
 * change detection ticks only every minute, so a PATCH within seconds can only come from a webhook.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhooksIT {

  private static final Logger LOG = Logger.getLogger(WebhooksIT.class.getName());

  static final WireMockServer PEERS =
      new WireMockServer(options().dynamicPort().extensions(new StrictNotion()));
  static final String NOTION_TOKEN = "ntn_secret_token_of_the_webhook_workspace";
  static final String SECRET = "webhook-secret-0123456789abcdef0123456789";
  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);

  /** The configured limit per connection: 2 requests per second, 2 at once. */
  static final double RATE = 2;

  static final int BURST = 2;

  static {
    PEERS.start();
    TRACKER.notionIssues(NOTION_TOKEN, "ws-webhooks");
    PEERS.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", hourlySources().toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.tracking.interval", "PT1M");
    config.put("previewbridge.delivery.interval", "PT1S");
    config.put("previewbridge.delivery.initial-backoff", "PT1S");
    config.put("previewbridge.webhooks.secret", SECRET);
    config.put("previewbridge.webhooks.tolerance", "PT5S");
    config.put("previewbridge.notion.rate-per-connection", Double.toString(RATE));
    config.put("previewbridge.notion.burst-per-connection", Integer.toString(BURST));
    return Deployments.previewBridge(config);
  }

  /** The loop tests' ticket source, re-checked only every hour. */
  static Path hourlySources() {
    String json = TRACKER.sourcesJson("Acme Test");
    String hourly = json.replace("\"refresh\": \"PT1S\"", "\"refresh\": \"PT1H\"");
    assertThat(hourly).isNotEqualTo(json);
    try {
      Path file = Files.createTempFile("previewbridge-webhook-sources", ".json");
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

  @Test
  void aSignedNotificationBringsTheChangeToNotionAtOnce() throws Exception {
    TRACKER.ticket(61, "Search ignores accents", "open");
    String accessToken = notion().connect("demo", "demo").accessToken();
    unfurl(accessToken, AcmeTracker.uri(61));
    TRACKER.ticket(61, "Search ignores accents (fixed)", "closed");

    Instant sent = Instant.now();
    HttpResponse<String> accepted = webhook(uriChange(AcmeTracker.uri(61)));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(parse(accepted.body()).getInt("scheduled")).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !patchesContaining("Search ignores accents (fixed)").isEmpty());
    Instant arrived =
        patchesContaining("Search ignores accents (fixed)")
            .get(0)
            .getRequest()
            .getLoggedDate()
            .toInstant();
    Duration latency = Duration.between(sent, arrived);
    LOG.info(() -> "Webhook to PATCH: " + latency.toMillis() + " ms");
    // the source's refresh is an hour and the timer's tick a minute: only the webhook explains it
    assertThat(latency).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aSourceAndItsGroupsNameTheTrackedLinks() throws Exception {
    TRACKER.ticket(65, "Dark mode flickers", "open");
    String accessToken = notion().connect("demo", "demo").accessToken();
    unfurl(accessToken, AcmeTracker.uri(65));
    TRACKER.ticket(65, "Dark mode flickers (fixed)", "closed");

    HttpResponse<String> accepted = webhook(sourceChange(65));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(parse(accepted.body()).getInt("scheduled")).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !patchesContaining("Dark mode flickers (fixed)").isEmpty());

    HttpResponse<String> unknown =
        webhook("{\"source\":\"ticket\",\"groups\":{\"number\":\"65\"}}");
    assertProblem(unknown, 400);
    assertThat(unknown.body()).contains("groups.number");
  }

  @Test
  void badStaleReplayedAndTamperedNotificationsAreRefusedAndChangeNothing() throws Exception {
    TRACKER.ticket(62, "Upload stalls at 99%", "open");
    String accessToken = notion().connect("demo", "demo").accessToken();
    unfurl(accessToken, AcmeTracker.uri(62));
    TRACKER.ticket(62, "Upload stalls at 99% (fixed)", "closed");
    String body = uriChange(AcmeTracker.uri(62));
    String now = Long.toString(Instant.now().getEpochSecond());

    assertProblem(post(body, now, "sha256=" + "0".repeat(64)), 401);
    assertProblem(post(body, null, sign(SECRET, now, body)), 401);
    assertProblem(post(body, now, null), 401);
    assertProblem(post(body, now, sign("some-other-secret-0123456789abcdef", now, body)), 401);
    String stale = Long.toString(Instant.now().minusSeconds(60).getEpochSecond());
    assertProblem(post(body, stale, sign(SECRET, stale, body)), 401);
    String future = Long.toString(Instant.now().plusSeconds(60).getEpochSecond());
    assertProblem(post(body, future, sign(SECRET, future, body)), 401);
    String tampered = uriChange(AcmeTracker.uri(63));
    assertProblem(post(tampered, now, sign(SECRET, now, body)), 401);

    // nothing of the refused notifications reached Notion
    Thread.sleep(3000);
    assertThat(patchesContaining("Upload stalls at 99% (fixed)")).isEmpty();

    // a captured good request is accepted once, and refused when replayed after the window (PT5S)
    String captured = Long.toString(Instant.now().getEpochSecond());
    String signature = sign(SECRET, captured, body);
    HttpResponse<String> good = post(body, captured, signature);
    assertThat(good.statusCode()).as(good.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !patchesContaining("Upload stalls at 99% (fixed)").isEmpty());
    Thread.sleep(Duration.ofSeconds(7).toMillis());
    assertProblem(post(body, captured, signature), 401);
    assertThat(patchesContaining("Upload stalls at 99% (fixed)")).hasSize(1);
  }

  @Test
  void malformedBodiesAre400WithFieldErrorsNever500() throws Exception {
    for (String malformed :
        List.of(
            "{\"changes\": ",
            "[]",
            "{\"changes\":[{\"uri\":42}]}",
            "{\"changes\":[{\"source\":\"ticket\"}]}",
            "{\"source\":\"nope\",\"groups\":{\"num\":\"1\"}}")) {
      HttpResponse<String> refused = webhook(malformed);
      assertProblem(refused, 400);
      assertThat(parse(refused.body()).getJsonArray("errors")).as(malformed).isNotEmpty();
      assertThat(refused.body()).doesNotContain("Exception").doesNotContain("at io.");
    }
    String huge = uriChange("https://tracker.acme.test/tickets/" + "9".repeat(1024 * 1024));
    assertProblem(webhook(huge), 413);
    HttpResponse<String> untracked = webhook(uriChange("https://tracker.acme.test/tickets/999"));
    assertThat(untracked.statusCode()).isEqualTo(202);
    assertThat(parse(untracked.body()).getInt("scheduled")).isZero();
  }

  @Test
  void aBurstOfChangesReachesNotionNoFasterThanTheLimitAndEarnsNo429() throws Exception {
    String accessToken = notion().connect("demo", "demo").accessToken();
    int first = 70;
    int count = 8;
    JsonArrayBuilder changes = Json.createArrayBuilder();
    for (int n = first; n < first + count; n++) {
      TRACKER.ticket(n, "Burst ticket " + n, "open");
      unfurl(accessToken, AcmeTracker.uri(n));
      TRACKER.ticket(n, "Burst ticket " + n + " (changed)", "closed");
      changes.add(
          Json.createObjectBuilder()
              .add("source", "ticket")
              .add("groups", Json.createObjectBuilder().add("num", Integer.toString(n))));
    }

    HttpResponse<String> accepted =
        webhook(Json.createObjectBuilder().add("changes", changes).build().toString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(parse(accepted.body()).getInt("scheduled")).isEqualTo(count);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> patchesContaining("(changed)").size() >= count);
    List<ServeEvent> burst = patchesContaining("(changed)");
    assertThat(burst).hasSize(count);
    List<ServeEvent> all = patches();
    assertThat(all)
        .as("answers Notion gave")
        .allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo(200));

    // a token bucket's promise: in any span of t seconds, at most BURST + RATE * t requests
    List<Instant> times =
        all.stream().map(e -> e.getRequest().getLoggedDate().toInstant()).sorted().toList();
    double slack = 0.15;
    for (int i = 0; i < times.size(); i++) {
      for (int j = i + 1; j < times.size(); j++) {
        double span = Duration.between(times.get(i), times.get(j)).toMillis() / 1000.0;
        assertThat(j - i + 1)
            .as("requests %d..%d within %.3f s", i, j, span)
            .isLessThanOrEqualTo((int) Math.floor(BURST + RATE * (span + slack)));
      }
    }
    List<Instant> burstTimes =
        burst.stream().map(e -> e.getRequest().getLoggedDate().toInstant()).sorted().toList();
    Duration spread = Duration.between(burstTimes.get(0), burstTimes.get(count - 1));
    LOG.info(() -> count + " changes reached Notion over " + spread.toMillis() + " ms");
    assertThat(spread)
        .isGreaterThanOrEqualTo(Duration.ofMillis((long) ((count - BURST) / RATE * 1000) - 150));
  }

  // --- the company's system ---

  HttpResponse<String> webhook(String body) throws Exception {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    return post(body, timestamp, sign(SECRET, timestamp, body));
  }

  HttpResponse<String> post(String body, String timestamp, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url("/webhooks/changes"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      request.header("X-PreviewBridge-Timestamp", timestamp);
    }
    if (signature != null) {
      request.header("X-PreviewBridge-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What the README's openssl line computes. */
  static String sign(String secret, String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "sha256=" + HexFormat.of().formatHex(digest);
  }

  static String uriChange(String uri) {
    return Json.createObjectBuilder()
        .add("changes", Json.createArrayBuilder().add(Json.createObjectBuilder().add("uri", uri)))
        .build()
        .toString();
  }

  static String sourceChange(int ticket) {
    return "{\"source\":\"ticket\",\"groups\":{\"num\":\"" + ticket + "\"}}";
  }

  static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  // --- what Notion received ---

  static List<ServeEvent> patches() {
    return PEERS.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getMethod().getName().equals("PATCH"))
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .toList();
  }

  static List<ServeEvent> patchesContaining(String text) {
    return patches().stream().filter(e -> e.getRequest().getBodyAsString().contains(text)).toList();
  }

  // --- Notion's calls to us ---

  NotionPlayer notion() {
    return new NotionPlayer(root(), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET);
  }

  void unfurl(String accessToken, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url("/notion/unfurl"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("uri", uri).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  String root() {
    return base.toString().replaceAll("/$", "");
  }

  URI url(String path) {
    return URI.create(root() + path);
  }
}
