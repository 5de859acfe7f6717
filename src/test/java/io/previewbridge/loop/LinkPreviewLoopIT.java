package io.previewbridge.loop;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole Link Preview loop as Notion drives it, over real HTTP against the built WAR on Payara
 * Micro: WireMock plays Notion's API and the company's ticket tracker. Each test uses its own
 * tickets so that the tests stay independent.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LinkPreviewLoopIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());
  static final String NOTION_TOKEN = "ntn_secret_token_of_the_workspace";

  static final AcmeTracker TRACKER = new AcmeTracker(PEERS);

  static {
    PEERS.start();
    TRACKER.notionIssues(NOTION_TOKEN, "ws-acme");
    PEERS.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    // No previewbridge.developer-name: the dev attribute below must be the sources file's
    // developerName. (Here demo mode is a WAR property, which the demo defaults do not see; the
    // demo-default half of issue 14's bug is DemoWithOwnSourcesIT's.)
    config.remove("previewbridge.developer-name");
    config.put("previewbridge.sources", TRACKER.sourcesFile("Acme Test").toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.tracking.interval", "PT1S");
    config.put("previewbridge.delivery.interval", "PT1S");
    config.put("previewbridge.delivery.initial-backoff", "PT1S");
    return Deployments.previewBridge(config);
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aPastedLinkUnfurlsStaysLiveAndStopsWhenNotionSaysSo() throws Exception {
    TRACKER.ticket(42, "Login fails on Safari", "open");
    TRACKER.ticket(43, "Export is slow", "open");
    NotionPlayer notion = notion();

    NotionPlayer.Authorization authorization = notion.authorize("demo", "demo");
    assertThat(authorization.redirect().toString())
        .startsWith(NotionPlayer.REDIRECT_URI + "?")
        .contains("code=");
    PEERS.verify(
        postRequestedFor(urlPathEqualTo("/v1/oauth/token"))
            .withHeader(
                "Authorization",
                equalTo(basic(Deployments.NOTION_CLIENT_ID, Deployments.NOTION_CLIENT_SECRET)))
            .withRequestBody(matchingJsonPath("$.grant_type", equalTo("authorization_code")))
            .withRequestBody(matchingJsonPath("$.code", equalTo(authorization.notionCode())))
            .withRequestBody(matchingJsonPath("$.external_account.key"))
            .withRequestBody(matchingJsonPath("$.external_account.name")));
    NotionPlayer.Tokens tokens = notion.exchange(authorization.code());

    JsonObject card = unfurl(tokens.accessToken(), AcmeTracker.uri(42));
    assertThat(card.getString("uri")).isEqualTo(AcmeTracker.uri(42));
    assertThat(attribute(card, "title")).contains("Login fails on Safari");
    assertThat(attribute(card, "dev")).contains("Acme Test");
    unfurl(tokens.accessToken(), AcmeTracker.uri(43));

    // The tracker changes ticket 42: Notion receives the full new attribute set, dev included.
    TRACKER.ticket(42, "Login fails on Safari (fixed)", "closed");
    LoggedRequest pushed = awaitPatchContaining("Login fails on Safari (fixed)");
    assertThat(pushed.getHeader("Authorization")).isEqualTo("Bearer " + NOTION_TOKEN);
    assertThat(pushed.getHeader("Notion-Version")).isNotBlank();
    JsonObject body = parse(pushed.getBodyAsString());
    assertThat(body.getString("uri")).isEqualTo(AcmeTracker.uri(42));
    assertThat(attributeIds(body)).contains("title", "dev", "state", "number");

    // Notion deletes the preview of 42: a further change of 42 is no longer pushed, while 43,
    // still tracked, proves that the checks went on.
    // On a connection of its own, as Notion sends it: Payara's HTTP layer refuses a DELETE with a
    // body on a fresh connection unless server-config/payara-micro/http.asadmin allows it.
    HttpResponse<String> deleted =
        sendOnFreshConnection(
            HttpRequest.newBuilder(url("/notion/unfurl"))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Content-Type", "application/json")
                .method(
                    "DELETE", HttpRequest.BodyPublishers.ofString(uriJson(AcmeTracker.uri(42)))));
    assertThat(deleted.statusCode()).isEqualTo(200);
    TRACKER.ticket(42, "Login fails on Safari (reopened)", "open");
    TRACKER.ticket(43, "Export is slow (investigating)", "open");
    awaitPatchContaining("Export is slow (investigating)");
    assertThat(patchesContaining("Login fails on Safari (reopened)")).isEmpty();

    // Refresh grant: a new access token that works.
    NotionPlayer.Tokens refreshed = notion.refresh(http, tokens.refreshToken());
    assertThat(refreshed.accessToken()).isNotEqualTo(tokens.accessToken());
    assertThat(attribute(unfurl(refreshed.accessToken(), AcmeTracker.uri(43)), "title"))
        .contains("Export is slow (investigating)");

    // Notion's deleted-token callback: every token of the connection stops working.
    HttpResponse<String> revoked =
        send(
            HttpRequest.newBuilder(url("/notion/deleted"))
                .header("Authorization", "Bearer " + refreshed.accessToken())
                .DELETE());
    assertThat(revoked.statusCode()).isEqualTo(200);
    HttpResponse<String> afterRevocation = postUnfurl(refreshed.accessToken(), AcmeTracker.uri(43));
    assertThat(afterRevocation.statusCode()).isEqualTo(401);
    assertThat(afterRevocation.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    HttpResponse<String> refreshAfterRevocation =
        send(
            NotionPlayer.postRequest(
                url("/notion/token").toString(),
                Map.of(
                    "grant_type",
                    "refresh_token",
                    "refresh_token",
                    refreshed.refreshToken(),
                    "client_id",
                    Deployments.CLIENT_ID,
                    "client_secret",
                    Deployments.CLIENT_SECRET)));
    assertThat(refreshAfterRevocation.statusCode()).isEqualTo(400);
    assertThat(refreshAfterRevocation.body()).contains("invalid_grant");
  }

  @Test
  void aPushThatNotionRateLimitsIsSentAgainAfterRetryAfter() throws Exception {
    TRACKER.ticket(50, "Billing page crashes", "open");
    NotionPlayer.Tokens tokens = notion().connect("demo", "demo");
    unfurl(tokens.accessToken(), AcmeTracker.uri(50));

    String changedTitle = "Billing page crashes (fix deployed)";
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withRequestBody(matchingJsonPath("$.uri", equalTo(AcmeTracker.uri(50))))
            .inScenario("rate limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "2")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"object\":\"error\",\"status\":429,\"code\":\"rate_limited\","
                            + "\"message\":\"Slow down\"}"))
            .willSetStateTo("accepting"));
    PEERS.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .withRequestBody(matchingJsonPath("$.uri", equalTo(AcmeTracker.uri(50))))
            .inScenario("rate limited")
            .whenScenarioStateIs("accepting")
            .willReturn(json("{}")));
    TRACKER.ticket(50, changedTitle, "closed");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(patchesContaining(changedTitle)).hasSize(2));
    List<LoggedRequest> attempts = patchesContaining(changedTitle);
    Duration gap =
        Duration.between(
            attempts.get(0).getLoggedDate().toInstant(),
            attempts.get(1).getLoggedDate().toInstant());
    assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void unfurlRejectsMissingTokensAndMalformedBodies() throws Exception {
    HttpResponse<String> anonymous =
        send(
            HttpRequest.newBuilder(url("/notion/unfurl"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(uriJson(AcmeTracker.uri(42)))));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");

    NotionPlayer.Tokens tokens = notion().connect("demo", "demo");
    HttpResponse<String> malformed =
        send(
            HttpRequest.newBuilder(url("/notion/unfurl"))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uri\": ")));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(malformed.body()).doesNotContain("Exception").doesNotContain("at io.");

    JsonObject unknown = unfurl(tokens.accessToken(), "https://elsewhere.example/page/1");
    JsonObject error = unknown.getJsonArray("operations").getJsonObject(0);
    assertThat(error.getJsonArray("path").getString(0)).isEqualTo("error");
    assertThat(error.getJsonObject("set").getInt("status")).isEqualTo(404);

    PEERS.stubFor(get(urlPathEqualTo("/tickets/404")).willReturn(aResponse().withStatus(404)));
    JsonObject missing = unfurl(tokens.accessToken(), AcmeTracker.uri(404));
    JsonObject missingError =
        missing.getJsonArray("operations").getJsonObject(0).getJsonObject("set");
    assertThat(missingError.getInt("status")).isEqualTo(404);
    assertThat(missingError.getString("message")).isEqualTo("Ticket not found");
  }

  // --- what Notion received ---

  static List<LoggedRequest> patchesContaining(String text) {
    return PEERS.findAll(patchRequestedFor(urlPathEqualTo("/v1/external/object"))).stream()
        .filter(r -> r.getBodyAsString().contains(text))
        .toList();
  }

  static LoggedRequest awaitPatchContaining(String text) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !patchesContaining(text).isEmpty());
    return patchesContaining(text).get(0);
  }

  // --- Notion's calls to us ---

  NotionPlayer notion() {
    return new NotionPlayer(root(), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET);
  }

  JsonObject unfurl(String accessToken, String uri) throws Exception {
    HttpResponse<String> response = postUnfurl(accessToken, uri);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return parse(response.body());
  }

  HttpResponse<String> postUnfurl(String accessToken, String uri) throws Exception {
    return send(
        HttpRequest.newBuilder(url("/notion/unfurl"))
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(uriJson(uri))));
  }

  static String attribute(JsonObject unfurlResponse, String id) {
    for (JsonObject operation :
        unfurlResponse.getJsonArray("operations").getValuesAs(JsonObject.class)) {
      if (operation.getJsonArray("path").getString(0).equals("attributes")) {
        for (JsonObject attribute : operation.getJsonArray("set").getValuesAs(JsonObject.class)) {
          if (attribute.getString("id").equals(id)) {
            return attribute.toString();
          }
        }
      }
    }
    return "";
  }

  static List<String> attributeIds(JsonObject body) {
    JsonArray set = body.getJsonArray("operations").getJsonObject(0).getJsonArray("set");
    return set.getValuesAs(JsonObject.class).stream().map(a -> a.getString("id")).toList();
  }

  static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  static String uriJson(String uri) {
    return Json.createObjectBuilder().add("uri", uri).build().toString();
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  String root() {
    return base.toString().replaceAll("/$", "");
  }

  URI url(String path) {
    return URI.create(root() + path);
  }

  static HttpResponse<String> sendOnFreshConnection(HttpRequest.Builder request) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
