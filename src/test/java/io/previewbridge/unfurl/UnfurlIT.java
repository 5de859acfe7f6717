package io.previewbridge.unfurl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.Deployments;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.NotionStubs;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The unfurl callback on the real WAR, with real access tokens from our own authorization flow: who
 * is asking reaches the upstream, Notion's DELETE (form body or query string) stops the re-checks,
 * a slow upstream becomes a 504 error operation in time, and bad input gets problems.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UnfurlIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());

  static {
    PEERS.start();
    PEERS.stubFor(NotionStubs.tokenExchange("ws-unfurl"));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", sourcesFile().toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.tracking.interval", "PT1S");
    config.put("acme.api-token", "upstream-secret");
    config.put("previewbridge.sources.config-keys", "acme.api-token");
    // Longer than the slow source's read timeout (PT2S), so that test sees the 504 error
    // operation rather than the placeholder answer the budget gives (FetchIT covers that).
    config.put("previewbridge.unfurl.budget", "PT4S");
    return Deployments.previewBridge(config);
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theSignedInAccountAndTheConfiguredSecretReachTheUpstream() throws Exception {
    ticket(1, "Who asks");
    String token = connect();

    JsonObject card = unfurl(token, ticketUri(1));

    assertThat(card.toString()).contains("Who asks");
    PEERS.verify(
        getRequestedFor(urlPathEqualTo("/tickets/1"))
            .withQueryParam("who", equalTo("demo"))
            .withHeader("X-Account-Email", equalTo("demo@example.com"))
            .withHeader("X-Account-Id", matching("[0-9a-f-]{36}"))
            .withHeader("Authorization", equalTo("Bearer upstream-secret")));
  }

  @Test
  void notionsDeleteStopsTheRechecksWhateverBodyItSends() throws Exception {
    String token = connect();
    ticket(2, "Form body");
    ticket(3, "Query string");
    ticket(4, "Still tracked");
    unfurl(token, ticketUri(2));
    unfurl(token, ticketUri(3));
    unfurl(token, ticketUri(4));
    await().atMost(Duration.ofSeconds(20)).until(() -> fetches(2) >= 3 && fetches(3) >= 3);

    HttpResponse<String> form =
        send(
            request("/notion/unfurl", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(
                    "DELETE", HttpRequest.BodyPublishers.ofString("uri=" + encode(ticketUri(2)))));
    HttpResponse<String> query =
        send(request("/notion/unfurl?uri=" + encode(ticketUri(3)), token).DELETE());
    HttpResponse<String> again =
        send(request("/notion/unfurl?uri=" + encode(ticketUri(3)), token).DELETE());

    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).isEmpty();
    assertThat(query.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).as("idempotent").isEqualTo(200);
    Thread.sleep(1_500); // a check that was already running may finish
    int afterForm = fetches(2);
    int afterQuery = fetches(3);
    int other = fetches(4);
    await().atMost(Duration.ofSeconds(20)).until(() -> fetches(4) >= other + 3);
    assertThat(fetches(2)).isEqualTo(afterForm);
    assertThat(fetches(3)).isEqualTo(afterQuery);
  }

  @Test
  void aSlowUpstreamBecomesA504ErrorOperationInTime() throws Exception {
    PEERS.stubFor(
        get(urlPathEqualTo("/tickets/5"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"title\":\"late\"}")
                    .withFixedDelay(5_000)));
    String token = connect();

    long start = System.nanoTime();
    JsonObject answer = unfurl(token, ticketUri(5));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(answer.getJsonArray("operations").getJsonObject(0).toString())
        .isEqualTo(
            "{\"path\":[\"error\"],\"set\":{\"status\":504,\"message\":\"The source did not answer"
                + " in time\"}}");
    assertThat(took).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void badInputGetsProblemsNotStackTraces() throws Exception {
    String token = connect();

    HttpResponse<String> missing = postUnfurl(token, "application/json", "{}");
    HttpResponse<String> relative =
        postUnfurl(token, "application/json", "{\"uri\":\"/tickets/1\"}");
    HttpResponse<String> notJson = postUnfurl(token, "application/json", "uri=x");

    for (HttpResponse<String> response : java.util.List.of(missing, relative, notJson)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(response.body()).doesNotContain("Exception");
    }
    assertThat(missing.body()).contains("\"field\":\"uri\"");
    assertThat(relative.body()).contains("must be an absolute http(s) URI");
  }

  // --- helpers ---

  String connect() throws Exception {
    return new NotionPlayer(root(), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET)
        .connect("demo", "demo")
        .accessToken();
  }

  static void ticket(int number, String title) {
    PEERS.stubFor(
        get(urlPathEqualTo("/tickets/" + number))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Json.createObjectBuilder().add("title", title).build().toString())));
  }

  static int fetches(int number) {
    return PEERS.findAll(getRequestedFor(urlPathEqualTo("/tickets/" + number))).size();
  }

  static String ticketUri(int number) {
    return "https://tracker.acme.test/tickets/" + number;
  }

  static Path sourcesFile() {
    try {
      Path file = Files.createTempFile("previewbridge-unfurl-sources", ".json");
      Files.writeString(
          file,
          """
          {
            "developerName": "Acme Test",
            "sources": [{
              "id": "ticket",
              "pattern": "^https://tracker\\\\.acme\\\\.test/tickets/(?<num>\\\\d+)$",
              "samples": ["https://tracker.acme.test/tickets/42"],
              "fetch": {
                "url": "%s/tickets/{num}?who={account:username}",
                "headers": {
                  "Authorization": "Bearer {config:acme.api-token}",
                  "X-Account-Id": "{account:id}",
                  "X-Account-Email": "{account:email}"
                },
                "readTimeout": "PT2S"
              },
              "refresh": "PT1S",
              "attributes": [{ "id": "title", "type": "title", "value": "{/title}" }]
            }]
          }
          """
              .formatted(PEERS.baseUrl()),
          StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String root() {
    return base.toString().replaceAll("/$", "");
  }

  HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(URI.create(root() + path))
        .header("Authorization", "Bearer " + token);
  }

  JsonObject unfurl(String token, String uri) throws Exception {
    HttpResponse<String> response =
        postUnfurl(
            token,
            "application/json",
            Json.createObjectBuilder().add("uri", uri).build().toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  HttpResponse<String> postUnfurl(String token, String type, String body) throws Exception {
    return send(
        request("/notion/unfurl", token)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
