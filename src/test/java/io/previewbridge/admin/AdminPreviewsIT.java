package io.previewbridge.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.admin.AdminAccountsIT.assertAudited;
import static io.previewbridge.admin.AdminAccountsIT.assertProblem;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tracked previews and sources in the admin API on the real WAR, with previews made by Notion's
 * real flow (authorize, unfurl) against a WireMock ticket tracker whose tickets are re-checked only
 * hourly: what the admin's "refresh now" brings to Notion is the admin's doing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminPreviewsIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());
  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);

  static {
    PEERS.start();
    TRACKER.notionIssues("ntn_previews_test", "ws-previews");
    PEERS.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
  }

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    Path sources = Files.createTempFile("previewbridge-sources", ".json");
    Files.writeString(sources, hourlySources());
    sources.toFile().deleteOnExit();
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", sources.toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.tracking.interval", "PT1S");
    config.put("previewbridge.delivery.interval", "PT1S");
    config.put("previewbridge.sources.values.base", "https://internal-base-0x5eed.example");
    return Deployments.previewBridge(config);
  }

  /** The tracker's ticket source, re-checked hourly instead of every second. */
  static String hourlySources() {
    return TRACKER
        .sourcesJson("Acme Test")
        .replace("\"refresh\": \"PT1S\"", "\"refresh\": \"PT1H\"");
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  private static NotionPlayer.Tokens tokens;

  @BeforeEach
  void connectOnce() throws Exception {
    if (tokens == null) {
      tokens =
          new NotionPlayer(
                  base.toString().replaceAll("/$", ""),
                  Deployments.CLIENT_ID,
                  Deployments.CLIENT_SECRET)
              .connect("demo", "demo");
    }
  }

  @Test
  void onlySignedInAdminsWithTheCsrfTokenGetIn() throws Exception {
    AdminDataSession anonymous = AdminDataSession.anonymous(base.toString());
    AdminDataSession user = AdminDataSession.signedIn(base.toString(), "demo", "demo");
    AdminDataSession admin = admin();
    for (String path :
        new String[] {"/api/admin/previews", "/api/admin/previews/x", "/api/admin/sources"}) {
      assertProblem(anonymous.get(path), 401);
      assertProblem(user.get(path), 403);
    }
    JsonObject tryBody = tryBody(AcmeTracker.uri(1), "demo");
    for (String path :
        new String[] {
          "/api/admin/previews/x/refresh",
          "/api/admin/previews/x/stop",
          "/api/admin/sources/try",
          "/api/admin/sources/check"
        }) {
      assertProblem(anonymous.post(path, tryBody), 401);
      assertProblem(user.post(path, tryBody), 403);
      assertProblem(admin.post(path, tryBody.toString(), false), 403);
    }
  }

  @Test
  void searchFindsPreviewsByUriOrSourceAndFilters() throws Exception {
    TRACKER.ticket(21, "Search me", "open");
    TRACKER.ticket(22, "Search me too", "open");
    unfurl(AcmeTracker.uri(21));
    unfurl(AcmeTracker.uri(22));
    AdminDataSession admin = admin();

    JsonObject byUri = admin.get("/api/admin/previews?q=TICKETS/21").json();
    assertThat(byUri.getInt("total")).isEqualTo(1);
    JsonObject item = byUri.getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("uri")).isEqualTo(AcmeTracker.uri(21));
    assertThat(item.getString("sourceId")).isEqualTo("ticket");
    assertThat(item.getString("status")).isEqualTo("active");
    assertThat(item.getString("account")).isEqualTo("demo");
    assertThat(item.getString("workspace")).isEqualTo("Acme Space");
    assertThat(item.containsKey("lastCheckedAt")).isTrue();
    assertThat(item.containsKey("nextCheckAt")).isTrue();

    assertThat(admin.get("/api/admin/previews?q=ticket").json().getInt("total"))
        .isGreaterThanOrEqualTo(2);
    JsonObject limited = admin.get("/api/admin/previews?source=ticket&limit=1").json();
    assertThat(limited.getJsonArray("items")).hasSize(1);
    assertThat(limited.getInt("total")).isGreaterThanOrEqualTo(2);
    assertThat(admin.get("/api/admin/previews?source=nope").json().getInt("total")).isZero();
    assertThat(admin.get("/api/admin/previews?q=%25").json().getInt("total"))
        .as("% is a character, not a wildcard")
        .isZero();
    assertThat(admin.get("/api/admin/previews?q=tickets/2&status=stopped").body())
        .doesNotContain(AcmeTracker.uri(21));

    assertProblem(admin.get("/api/admin/previews?limit=0"), 400);
    assertProblem(admin.get("/api/admin/previews?limit=abc"), 400);
    assertProblem(admin.get("/api/admin/previews?offset=-1"), 400);
    AdminDataSession.Answer status = admin.get("/api/admin/previews?status=paused");
    assertProblem(status, 400);
    assertThat(status.body()).contains("must be active or stopped");
  }

  @Test
  void refreshNowBringsAChangeToNotionAndStopEndsTracking() throws Exception {
    TRACKER.ticket(31, "Before the refresh", "open");
    unfurl(AcmeTracker.uri(31));
    AdminDataSession admin = admin();
    String id = idOf(admin, AcmeTracker.uri(31));
    JsonObject detail = admin.get("/api/admin/previews/" + id).json();
    assertThat(detail.getJsonArray("attributes").toString()).contains("Before the refresh");

    TRACKER.ticket(31, "After the refresh", "closed");
    AdminDataSession.Answer refreshed =
        admin.post("/api/admin/previews/" + id + "/refresh", (JsonValue) null);
    assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .get("/api/admin/previews/" + id)
                            .json()
                            .getJsonArray("attributes")
                            .toString())
                    .contains("After the refresh"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                PEERS.verify(
                    patchRequestedFor(urlPathEqualTo("/v1/external/object"))
                        .withRequestBody(containing("After the refresh"))));
    assertAudited(admin, "preview.refresh", id);

    AdminDataSession.Answer stopped =
        admin.post("/api/admin/previews/" + id + "/stop", (JsonValue) null);
    assertThat(stopped.status()).isEqualTo(200);
    assertThat(stopped.json().getString("status")).isEqualTo("stopped");
    assertAudited(admin, "preview.stop", id);
    assertProblem(admin.post("/api/admin/previews/" + id + "/stop", (JsonValue) null), 409);
    AdminDataSession.Answer refreshStopped =
        admin.post("/api/admin/previews/" + id + "/refresh", (JsonValue) null);
    assertProblem(refreshStopped, 409);
    assertThat(refreshStopped.json().getString("detail")).contains("not tracked");

    // as with Notion's DELETE, a new unfurl resumes it
    unfurl(AcmeTracker.uri(31));
    assertThat(admin.get("/api/admin/previews/" + id).json().getString("status"))
        .isEqualTo("active");
  }

  @Test
  void unknownPreviewsAre404() throws Exception {
    AdminDataSession admin = admin();
    String unknown = UUID.randomUUID().toString();
    assertProblem(admin.get("/api/admin/previews/" + unknown), 404);
    assertProblem(admin.post("/api/admin/previews/" + unknown + "/refresh", (JsonValue) null), 404);
    assertProblem(admin.post("/api/admin/previews/" + unknown + "/stop", (JsonValue) null), 404);
  }

  @Test
  void sourcesShowWhatIsLoadedAndNotionsSettings() throws Exception {
    JsonObject sources = admin().get("/api/admin/sources").json();
    assertThat(sources.getBoolean("valid")).isTrue();
    assertThat(sources.getString("validation")).contains("start-up validation");
    JsonObject ticket = sources.getJsonArray("items").getJsonObject(0);
    assertThat(ticket.getString("id")).isEqualTo("ticket");
    assertThat(ticket.getString("kind")).isEqualTo("json");
    assertThat(ticket.getString("refresh")).isEqualTo("PT1H");
    assertThat(ticket.getString("refreshMin")).isEqualTo("PT12M");
    assertThat(ticket.getString("refreshMax")).isEqualTo("PT4H");
    assertThat(ticket.getString("upstreamHost")).isEqualTo("localhost");
    assertThat(ticket.getJsonArray("samples").getString(0))
        .isEqualTo("https://tracker.acme.test/tickets/42");
    assertThat(ticket.getString("pattern")).contains("tracker\\.acme\\.test");
    JsonObject settings = sources.getJsonObject("notionSettings");
    assertThat(settings.getJsonObject("externalAuthorization").getString("unfurlCallbackUrl"))
        .endsWith("/notion/unfurl");
    assertThat(settings.toString()).doesNotContain(Deployments.CLIENT_SECRET);
  }

  @Test
  void tryingAUrlShowsWhatTheAccountWouldSeeWithoutTrackingIt() throws Exception {
    TRACKER.ticket(41, "Tried, not tracked", "open");
    AdminDataSession admin = admin();
    AdminDataSession.Answer tried =
        admin.post("/api/admin/sources/try", tryBody(AcmeTracker.uri(41), "demo"));
    assertThat(tried.status()).as(tried.toString()).isEqualTo(200);
    JsonObject answer = tried.json();
    assertThat(answer.getBoolean("matched")).isTrue();
    assertThat(answer.getString("source")).isEqualTo("ticket");
    assertThat(answer.getString("result")).isEqualTo("attributes");
    assertThat(answer.getJsonArray("attributes").toString())
        .contains("Tried, not tracked")
        .contains("Acme Test");
    assertThat(answer.getJsonArray("operations").getJsonObject(0).containsKey("set")).isTrue();
    assertThat(admin.get("/api/admin/previews?q=tickets/41").json().getInt("total"))
        .as("nothing is tracked")
        .isZero();
    assertAudited(admin, "source.try", AcmeTracker.uri(41));
    String demoId =
        admin.get("/api/admin/accounts").json().getJsonArray("items").stream()
            .map(JsonValue::asJsonObject)
            .filter(a -> a.getString("username").equals("demo"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertThat(
            admin
                .post("/api/admin/sources/try", tryBody(AcmeTracker.uri(41), demoId))
                .json()
                .getString("account"))
        .as("an account id works too")
        .isEqualTo("demo");

    PEERS.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/tickets/404404"))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)));
    JsonObject gone =
        admin
            .post(
                "/api/admin/sources/try",
                tryBody("https://tracker.acme.test/tickets/404404", "demo"))
            .json();
    assertThat(gone.getBoolean("matched")).isTrue();
    assertThat(gone.getInt("status")).isEqualTo(404);
    assertThat(gone.getString("message")).isEqualTo("Ticket not found");

    JsonObject noMatch =
        admin.post("/api/admin/sources/try", tryBody("https://example.org/x", "demo")).json();
    assertThat(noMatch.getBoolean("matched")).isFalse();
    assertThat(noMatch.getInt("status")).isEqualTo(404);

    AdminDataSession.Answer bad =
        admin.post("/api/admin/sources/try", tryBody("not a link", "nobody-here"));
    assertProblem(bad, 400);
    assertThat(bad.json().getJsonArray("errors").toString())
        .contains("\"field\":\"url\"")
        .contains("no account is named \\\"nobody-here\\\"");
    assertProblem(admin.post("/api/admin/sources/try", "{}", true), 400);
  }

  @Test
  void aPastedSourcesFileIsCheckedWithTheStartUpValidator() throws Exception {
    AdminDataSession admin = admin();
    JsonObject valid =
        admin
            .post(
                "/api/admin/sources/check",
                Json.createObjectBuilder().add("sources", hourlySources()).build())
            .json();
    assertThat(valid.getBoolean("valid")).isTrue();
    assertThat(valid.getJsonArray("sources").getString(0)).isEqualTo("ticket");
    assertThat(valid.getJsonArray("problems")).isEmpty();

    String broken =
        """
        {"sources": [
          {"id": "a", "pattern": "^https://a/(?<n>\\\\d+)$", "refresh": "often",
           "attributes": [{"id": "title", "type": "title", "value": "{n}"}]},
          {"id": "a", "kind": "java", "bean": "no-such-bean",
           "attributes": [{"id": "title", "type": "title", "value": "x"}]}
        ]}
        """;
    AdminDataSession.Answer checked =
        admin.post(
            "/api/admin/sources/check",
            Json.createObjectBuilder()
                .add("sources", Json.createReader(new java.io.StringReader(broken)).readObject())
                .build());
    assertThat(checked.status()).isEqualTo(200);
    JsonObject result = checked.json();
    assertThat(result.getBoolean("valid")).isFalse();
    assertThat(
            result.getJsonArray("problems").stream().map(p -> p.asJsonObject().getString("path")))
        .contains(
            "$.sources[0].refresh", "$.sources[1].id", "$.sources[1].pattern", "$.sources[1].bean");

    JsonObject notJson =
        admin
            .post(
                "/api/admin/sources/check",
                Json.createObjectBuilder().add("sources", "{\"sources\": [").build())
            .json();
    assertThat(notJson.getBoolean("valid")).isFalse();
    assertThat(notJson.getJsonArray("problems").getJsonObject(0).getString("message"))
        .contains("not valid JSON");

    assertProblem(admin.post("/api/admin/sources/check", "{}", true), 400);
    assertProblem(admin.post("/api/admin/sources/check", "nope", true), 400);
  }

  @Test
  void aPastedSourcesFileReachesOnlyValuesMeantForSourcesAndNeverShowsOne() throws Exception {
    String probing =
        """
        {"providers": [{"id": "p", "issuer": "https://p.example", "clientId": "c",
                        "clientSecret": "{config:previewbridge.oauth.client-secret}"}],
         "sources": [
          {"id": "a", "pattern": "^{config:previewbridge.encryption-key}/(?<n>\\\\d+)$",
           "samples": ["{config:previewbridge.encryption-key}/1"],
           "fetch": {"url": "https://api.example/{n}",
                     "headers": {"X-Key": "{config:previewbridge.notion.client-secret}"}},
           "attributes": [{"id": "title", "type": "title",
                           "value": "{config:previewbridge.encryption-key}"}]},
          {"id": "b", "pattern": "^https://b\\\\.example/(?<n>\\\\d+)$",
           "samples": ["{config:previewbridge.sources.values.base}/1"],
           "attributes": [{"id": "title", "type": "title", "value": "{config:java.home}"}]}
        ]}
        """;
    AdminDataSession.Answer checked =
        admin()
            .post(
                "/api/admin/sources/check",
                Json.createObjectBuilder()
                    .add(
                        "sources",
                        Json.createReader(new java.io.StringReader(probing)).readObject())
                    .build());
    assertThat(checked.status()).isEqualTo(200);
    String answer = checked.json().toString();
    assertThat(answer)
        .doesNotContain(Deployments.TEST_ENCRYPTION_KEY)
        .doesNotContain(Deployments.CLIENT_SECRET)
        .doesNotContain(Deployments.NOTION_CLIENT_SECRET)
        .doesNotContain("internal-base-0x5eed")
        .doesNotContain(System.getProperty("java.home"));
    assertThat(checked.json().getBoolean("valid")).isFalse();
    assertThat(
            checked.json().getJsonArray("problems").stream()
                .map(
                    p ->
                        p.asJsonObject().getString("path")
                            + ": "
                            + p.asJsonObject().getString("message")))
        .anyMatch(
            p ->
                p.startsWith(
                    "$.sources[0].pattern: {config:previewbridge.encryption-key} is one of PreviewBridge's own settings"))
        .anyMatch(
            p ->
                p.startsWith(
                    "$.sources[0].fetch.headers.X-Key: {config:previewbridge.notion.client-secret}"))
        .anyMatch(
            p ->
                p.startsWith(
                    "$.sources[0].attributes[0].value: {config:previewbridge.encryption-key}"))
        .anyMatch(
            p ->
                p.startsWith(
                    "$.providers[0].clientSecret: {config:previewbridge.oauth.client-secret}"))
        .anyMatch(
            p ->
                p.startsWith(
                    "$.sources[1].attributes[0].value: {config:java.home} is not a value meant for sources"))
        .anyMatch(
            p ->
                p.equals(
                    "$.sources[1].samples[0]: \"{config:previewbridge.sources.values.base}/1\""
                        + " does not match the pattern"));
  }

  private AdminDataSession admin() throws Exception {
    return AdminDataSession.signedIn(base.toString(), "admin", "admin");
  }

  private static JsonObject tryBody(String url, String account) {
    return Json.createObjectBuilder().add("url", url).add("account", account).build();
  }

  static String idOf(AdminDataSession admin, String uri) throws Exception {
    return admin
        .get("/api/admin/previews?q=" + java.net.URLEncoder.encode(uri, "UTF-8"))
        .json()
        .getJsonArray("items")
        .getJsonObject(0)
        .getString("id");
  }

  private void unfurl(String uri) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "notion/unfurl"))
                    .header("Authorization", "Bearer " + tokens.accessToken())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            Json.createObjectBuilder().add("uri", uri).build().toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
