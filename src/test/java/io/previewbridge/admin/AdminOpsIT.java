package io.previewbridge.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin API of the overview, connections and deliveries, over HTTP against the built WAR, with
 * real data made by the real flows: Notion's side is played by {@link NotionPlayer} (connect,
 * unfurl) and a WireMock Notion that refuses PATCHes whose title says "Rejected" (400
 * validation_error) and fails those that say "Flaky" (500); the ticket tracker changes tickets. The
 * delivery timer runs only every minute and retries wait an hour, so whatever reaches Notion within
 * seconds was sent at once: on a change, or on an admin's retry.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminOpsIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());
  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);
  static final Duration WAIT = Duration.ofSeconds(45);

  static {
    PEERS.start();
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object")).atPriority(10).willReturn(json("{}")));
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withRequestBody(containing("Rejected"))
            .atPriority(5)
            .willReturn(
                json("{\"object\":\"error\",\"status\":400,\"code\":\"validation_error\","
                        + "\"message\":\"body.attributes[0].value is too long\"}")
                    .withStatus(400)));
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withRequestBody(containing("Flaky"))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"object\":\"error\",\"status\":500,\"code\":\"internal_server_error\","
                            + "\"message\":\"Notion is having a bad day\"}")));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", TRACKER.sourcesFile("Acme Test").toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.tracking.interval", "PT1S");
    config.put("previewbridge.delivery.interval", "PT10M");
    config.put("previewbridge.delivery.initial-backoff", "PT1H");
    config.put("previewbridge.delivery.max-backoff", "PT1H");
    return Deployments.previewBridge(config);
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newHttpClient();

  // --- connections

  @Test
  void revokingAConnectionStopsItsPreviewsSupersedesItsDeliveriesAndIsAudited() throws Exception {
    String token = connect("ws-revoke");
    TRACKER.ticket(11, "Ticket 11", "open");
    unfurl(token, AcmeTracker.uri(11));
    TRACKER.ticket(11, "Ticket 11 Flaky", "open");
    JsonObject pending =
        awaitDelivery("pending", AcmeTracker.uri(11), d -> d.getInt("attempts") > 0);
    AdminHttp admin = admin();
    JsonObject connection = connectionOfWorkspace(admin, "ws-revoke");
    assertThat(connection.getJsonObject("account").getString("username")).isEqualTo("demo");
    assertThat(connection.getJsonObject("workspace").getString("name")).isEqualTo("Acme Space");
    assertThat(connection.getString("status")).isEqualTo("active");
    assertThat(connection.getString("lastUsedAt")).isNotBlank();
    long stoppedBefore =
        admin.json("api/admin/overview").getJsonObject("previews").getInt("stopped");

    JsonObject revoked =
        admin.post("api/admin/connections/" + connection.getString("id") + "/revoke");

    assertThat(revoked.getString("status")).isEqualTo("revoked");
    assertThat(revoked.getBoolean("changed")).isTrue();
    assertThat(revoked.getString("revokedAt")).isNotBlank();
    assertThat(ids(admin.json("api/admin/deliveries?status=pending")))
        .doesNotContain(pending.getString("id"));
    assertThat(admin.json("api/admin/deliveries/" + pending.getString("id")).getString("status"))
        .isEqualTo("superseded");
    assertThat(admin.json("api/admin/overview").getJsonObject("previews").getInt("stopped"))
        .isGreaterThan((int) stoppedBefore);
    assertThat(auditEntry(admin, "connection.revoke", connection.getString("id")))
        .hasValueSatisfying(
            e -> {
              assertThat(e.getString("actor")).isEqualTo("admin");
              assertThat(e.getString("detail")).contains("demo").contains("Acme Space");
            });
    assertThat(ids(admin.json("api/admin/connections?status=revoked")))
        .contains(connection.getString("id"));

    JsonObject again =
        admin.post("api/admin/connections/" + connection.getString("id") + "/revoke");
    assertThat(again.getBoolean("changed")).isFalse();
    assertThat(count(admin, "connection.revoke", connection.getString("id"))).isEqualTo(1);
  }

  // --- deliveries

  @Test
  void aFailedDeliveryShowsNotionsAnswerAndARetrySendsItAtOnce() throws Exception {
    String token = connect("ws-deliveries");
    TRACKER.ticket(21, "Ticket 21", "open");
    unfurl(token, AcmeTracker.uri(21));
    TRACKER.ticket(21, "Ticket 21 Rejected-21", "open");
    JsonObject failed = awaitDelivery("failed", AcmeTracker.uri(21));
    assertThat(failed.getInt("lastStatus")).isEqualTo(400);
    assertThat(failed.getString("lastError")).contains("body.attributes[0].value is too long");
    assertThat(failed.getInt("attempts")).isEqualTo(1);
    assertThat(failed.getJsonObject("connection").getString("username")).isEqualTo("demo");
    // Notion accepts it now (say the admin fixed the source)
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withRequestBody(containing("Rejected-21"))
            .atPriority(1)
            .willReturn(json("{}")));
    AdminHttp admin = admin();

    JsonObject retried = admin.post("api/admin/deliveries/" + failed.getString("id") + "/retry");

    assertThat(retried.getString("status")).isIn("pending", "delivered");
    await()
        .atMost(WAIT)
        .until(
            () ->
                admin
                    .json("api/admin/deliveries/" + failed.getString("id"))
                    .getString("status")
                    .equals("delivered"));
    assertThat(auditEntry(admin, "delivery.retry", failed.getString("id")))
        .hasValueSatisfying(e -> assertThat(e.getString("detail")).contains("failed"));
    HttpResponse<String> twice =
        admin.call("POST", "api/admin/deliveries/" + failed.getString("id") + "/retry");
    assertProblem(twice, 409, "delivered");
    assertProblem(
        admin.call("POST", "api/admin/deliveries/" + failed.getString("id") + "/discard"),
        409,
        "delivered");
  }

  @Test
  void aDiscardedDeliveryIsNeverSentAndLeavesTheList() throws Exception {
    String token = connect("ws-deliveries");
    TRACKER.ticket(22, "Ticket 22", "open");
    unfurl(token, AcmeTracker.uri(22));
    TRACKER.ticket(22, "Ticket 22 Rejected", "open");
    JsonObject failed = awaitDelivery("failed", AcmeTracker.uri(22));
    AdminHttp admin = admin();

    JsonObject discarded =
        admin.post("api/admin/deliveries/" + failed.getString("id") + "/discard");

    assertThat(discarded.getString("status")).isEqualTo("superseded");
    assertThat(ids(admin.json("api/admin/deliveries?status=failed")))
        .doesNotContain(failed.getString("id"));
    assertThat(auditEntry(admin, "delivery.discard", failed.getString("id")))
        .hasValueSatisfying(e -> assertThat(e.getString("detail")).contains(AcmeTracker.uri(22)));
    assertProblem(
        admin.call("POST", "api/admin/deliveries/" + failed.getString("id") + "/retry"),
        409,
        "superseded");
    assertProblem(
        admin.call("POST", "api/admin/deliveries/" + failed.getString("id") + "/discard"),
        409,
        "superseded");
    assertThat(count(admin, "delivery.discard", failed.getString("id"))).isEqualTo(1);
  }

  @Test
  void retryingAnOldStateOverANewerDeliveryIsRefusedWith409() throws Exception {
    String token = connect("ws-deliveries");
    TRACKER.ticket(23, "Ticket 23", "open");
    unfurl(token, AcmeTracker.uri(23));
    TRACKER.ticket(23, "Ticket 23 v1 Rejected", "open");
    JsonObject old = awaitDelivery("failed", AcmeTracker.uri(23));
    TRACKER.ticket(23, "Ticket 23 v2", "closed");
    await().atMost(WAIT).until(() -> patchesContaining("Ticket 23 v2") > 0);
    int sentBefore = patchesContaining("Ticket 23 v1");
    AdminHttp admin = admin();

    HttpResponse<String> refused =
        admin.call("POST", "api/admin/deliveries/" + old.getString("id") + "/retry");

    assertProblem(refused, 409, "newer delivery");
    assertThat(admin.json("api/admin/deliveries/" + old.getString("id")).getString("status"))
        .isEqualTo("failed");
    assertThat(auditEntry(admin, "delivery.retry", old.getString("id"))).isEmpty();
    Thread.sleep(1500);
    assertThat(patchesContaining("Ticket 23 v1")).isEqualTo(sentBefore);
  }

  @Test
  void retryingADeliveryOlderThanNotionsLastUnfurlIsRefusedWith409() throws Exception {
    String token = connect("ws-deliveries");
    TRACKER.ticket(24, "Ticket 24", "open");
    unfurl(token, AcmeTracker.uri(24));
    TRACKER.ticket(24, "Ticket 24 Rejected", "open");
    JsonObject failed = awaitDelivery("failed", AcmeTracker.uri(24));
    // Notion shows the link again: it is answered with the current state, newer than the delivery
    unfurl(token, AcmeTracker.uri(24));

    HttpResponse<String> refused =
        admin().call("POST", "api/admin/deliveries/" + failed.getString("id") + "/retry");

    assertProblem(refused, 409, "unfurled this preview again");
  }

  @Test
  void aPendingDeliveryCanBeRetriedNowAndDiscarded() throws Exception {
    String token = connect("ws-deliveries");
    TRACKER.ticket(25, "Ticket 25", "open");
    unfurl(token, AcmeTracker.uri(25));
    TRACKER.ticket(25, "Ticket 25 Flaky", "open");
    JsonObject pending =
        awaitDelivery("pending", AcmeTracker.uri(25), d -> d.getInt("attempts") > 0);
    assertThat(pending.getInt("lastStatus")).isEqualTo(500);
    assertThat(pending.getString("lastError")).contains("bad day");
    AdminHttp admin = admin();
    int sent = patchesContaining("Ticket 25 Flaky");

    JsonObject retried = admin.post("api/admin/deliveries/" + pending.getString("id") + "/retry");

    assertThat(retried.getInt("attempts")).isZero();
    // sent again at once (the timer would wait an hour), and still failing
    await().atMost(WAIT).until(() -> patchesContaining("Ticket 25 Flaky") > sent);
    await()
        .atMost(WAIT)
        .until(
            () ->
                admin.json("api/admin/deliveries/" + pending.getString("id")).getInt("attempts")
                    == 1);
    JsonObject discarded =
        admin.post("api/admin/deliveries/" + pending.getString("id") + "/discard");
    assertThat(discarded.getString("status")).isEqualTo("superseded");
    assertThat(ids(admin.json("api/admin/deliveries?status=pending")))
        .doesNotContain(pending.getString("id"));
  }

  // --- overview

  @Test
  void theOverviewCountsWhatHappenedAndChartsUnfurlAndPushLatency() throws Exception {
    String token = connect("ws-overview");
    TRACKER.ticket(31, "Ticket 31", "open");
    unfurl(token, AcmeTracker.uri(31));
    unfurl(token, AcmeTracker.uri(31));
    TRACKER.ticket(31, "Ticket 31 changed", "closed");
    await().atMost(WAIT).until(() -> patchesContaining("Ticket 31 changed") > 0);
    TRACKER.ticket(32, "Ticket 32", "open");
    unfurl(token, AcmeTracker.uri(32));
    TRACKER.ticket(32, "Ticket 32 Rejected overview", "open");
    awaitDelivery("failed", AcmeTracker.uri(32));
    AdminHttp admin = admin();

    JsonObject overview =
        await()
            .atMost(WAIT)
            .until(() -> admin.json("api/admin/overview"), o -> sum(o, "push") >= 1);

    assertThat(overview.getJsonObject("connections").getInt("active")).isPositive();
    assertThat(overview.getJsonObject("connections").getInt("total"))
        .isGreaterThanOrEqualTo(overview.getJsonObject("connections").getInt("active"));
    assertThat(overview.getInt("workspaces")).isPositive();
    assertThat(overview.getJsonObject("previews").getInt("active")).isGreaterThanOrEqualTo(2);
    assertThat(overview.getJsonObject("deliveries").getInt("failed")).isPositive();
    assertThat(overview.getJsonArray("recentErrors").getValuesAs(JsonObject.class))
        .anySatisfy(
            e -> {
              assertThat(e.getString("uri")).isEqualTo(AcmeTracker.uri(32));
              assertThat(e.getString("kind")).isEqualTo("delivery");
              assertThat(e.getInt("status")).isEqualTo(400);
            });
    assertThat(sum(overview, "unfurl")).isGreaterThanOrEqualTo(3);
    assertThat(overview.getJsonObject("latency").getJsonObject("unfurl").getString("measures"))
        .contains("this node");
    JsonObject lastMinute =
        overview
            .getJsonObject("latency")
            .getJsonObject("unfurl")
            .getJsonArray("minutes")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(m -> m.getInt("count") > 0)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(lastMinute.getInt("p95Millis"))
        .isGreaterThanOrEqualTo(lastMinute.getInt("p50Millis"));
    assertThat(overview.getJsonObject("latency").getJsonObject("push").getJsonArray("minutes"))
        .hasSize(60);
    assertThat(overview.getJsonArray("nodes").getValuesAs(JsonObject.class))
        .as("the one node of this test, which answered")
        .singleElement()
        .satisfies(
            node -> {
              assertThat(node.getBoolean("thisNode")).isTrue();
              assertThat(node.getString("name")).isNotBlank();
              assertThat(java.time.Instant.parse(node.getString("seenAt")))
                  .isAfterOrEqualTo(java.time.Instant.parse(node.getString("startedAt")));
            });
  }

  // --- bad input

  @Test
  void badInputIs400AndUnknownIdsAre404() throws Exception {
    AdminHttp admin = admin();
    String unknown = UUID.randomUUID().toString();

    assertProblem(admin.call("GET", "api/admin/connections?status=sleeping"), 400, "status");
    assertProblem(admin.call("GET", "api/admin/connections?limit=0"), 400, "limit");
    assertProblem(admin.call("GET", "api/admin/connections?limit=lots"), 400, "limit");
    assertProblem(admin.call("GET", "api/admin/deliveries?status=lost"), 400, "status");
    assertProblem(admin.call("GET", "api/admin/deliveries?limit=501"), 400, "limit");
    assertProblem(admin.call("GET", "api/admin/audit-log?limit=0"), 400, "limit");
    assertProblem(admin.call("GET", "api/admin/connections/not-an-id"), 400, "id");
    assertProblem(admin.call("POST", "api/admin/connections/not-an-id/revoke"), 400, "id");
    assertProblem(admin.call("POST", "api/admin/deliveries/1%27%20OR%201=1/retry"), 400, "id");
    assertProblem(admin.call("POST", "api/admin/deliveries/x/discard"), 400, "id");
    assertProblem(admin.call("GET", "api/admin/connections/" + unknown), 404, unknown);
    assertProblem(admin.call("POST", "api/admin/connections/" + unknown + "/revoke"), 404, unknown);
    assertProblem(admin.call("GET", "api/admin/deliveries/" + unknown), 404, unknown);
    assertProblem(admin.call("POST", "api/admin/deliveries/" + unknown + "/retry"), 404, unknown);
    assertProblem(admin.call("POST", "api/admin/deliveries/" + unknown + "/discard"), 404, unknown);
    assertThat(auditEntry(admin, "delivery.retry", unknown)).isEmpty();
  }

  // --- helpers

  AdminHttp admin() throws Exception {
    return AdminHttp.signedIn(base.toString(), "admin", "admin");
  }

  /** Connects the demo account to {@code workspaceId} as Notion would; returns our access token. */
  String connect(String workspaceId) throws Exception {
    TRACKER.notionIssues("ntn_token_of_" + workspaceId, workspaceId);
    return new NotionPlayer(
            base.toString().replaceAll("/$", ""), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET)
        .connect("demo", "demo")
        .accessToken();
  }

  void unfurl(String accessToken, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base.toString().replaceAll("/$", "") + "/notion/unfurl"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("uri", uri).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  JsonObject awaitDelivery(String status, String uri) throws Exception {
    return awaitDelivery(status, uri, d -> true);
  }

  /** The delivery of {@code uri} in that list, once {@code ready} says so. */
  JsonObject awaitDelivery(String status, String uri, Predicate<JsonObject> ready)
      throws Exception {
    AdminHttp admin = admin();
    return await()
        .atMost(WAIT)
        .until(
            () ->
                admin.json("api/admin/deliveries?status=" + status).getJsonArray("items").stream()
                    .map(v -> v.asJsonObject())
                    .filter(d -> d.getString("uri").equals(uri))
                    .filter(ready)
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  static JsonObject connectionOfWorkspace(AdminHttp admin, String workspaceId) throws Exception {
    return admin.json("api/admin/connections").getJsonArray("items").stream()
        .map(v -> v.asJsonObject())
        .filter(c -> c.getJsonObject("workspace").getString("id").equals(workspaceId))
        .findFirst()
        .orElseThrow();
  }

  static List<String> ids(JsonObject list) {
    return list.getJsonArray("items").stream().map(v -> v.asJsonObject().getString("id")).toList();
  }

  static Optional<JsonObject> auditEntry(AdminHttp admin, String action, String target)
      throws Exception {
    return admin.json("api/admin/audit-log").getJsonArray("entries").stream()
        .map(v -> v.asJsonObject())
        .filter(e -> e.getString("action").equals(action))
        .filter(e -> target.equals(e.getString("target", null)))
        .findFirst();
  }

  static long count(AdminHttp admin, String action, String target) throws Exception {
    return admin.json("api/admin/audit-log").getJsonArray("entries").stream()
        .map(v -> v.asJsonObject())
        .filter(e -> e.getString("action").equals(action))
        .filter(e -> target.equals(e.getString("target", null)))
        .count();
  }

  static int sum(JsonObject overview, String series) {
    return overview
        .getJsonObject("latency")
        .getJsonObject(series)
        .getJsonArray("minutes")
        .getValuesAs(JsonObject.class)
        .stream()
        .mapToInt(m -> m.getInt("count"))
        .sum();
  }

  static int patchesContaining(String text) {
    return PEERS
        .findAll(
            patchRequestedFor(urlPathEqualTo("/v1/external/object"))
                .withRequestBody(containing(text)))
        .size();
  }

  static void assertProblem(HttpResponse<String> response, int status, String detailContains) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(response.body()).contains(detailContains).doesNotContain("Exception");
  }
}
