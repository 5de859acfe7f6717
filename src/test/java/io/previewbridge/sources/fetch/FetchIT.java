package io.previewbridge.sources.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Fetching on the real WAR: a repeated unfurl is answered from the cache (one upstream request),
 * and a slow upstream gets a placeholder within the budget, then the full preview by PATCH at
 * (WireMock) Notion as soon as it arrives.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FetchIT {

  static final WireMockServer PEERS = new WireMockServer(options().dynamicPort());

  static {
    PEERS.start();
    PEERS.stubFor(NotionStubs.tokenExchange("ws-fetch"));
    PEERS.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(okJson("{}")));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", sourcesFile().toString());
    config.put("previewbridge.notion.api-url", PEERS.baseUrl());
    config.put("previewbridge.fetch.cache-ttl", "PT30S");
    config.put("previewbridge.unfurl.budget", "PT1S");
    return Deployments.previewBridge(config);
  }

  @AfterAll
  static void stopPeers() {
    PEERS.stop();
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRepeatedUnfurlIsAnsweredFromTheCache() throws Exception {
    PEERS.stubFor(get(urlPathEqualTo("/tickets/1")).willReturn(okJson("{\"title\":\"Cached\"}")));
    String token = connect();

    JsonObject first = unfurl(token, ticketUri(1));
    JsonObject second = unfurl(token, ticketUri(1));

    assertThat(first.toString()).contains("Cached");
    assertThat(second).isEqualTo(first);
    assertThat(PEERS.findAll(getRequestedFor(urlPathEqualTo("/tickets/1")))).hasSize(1);
  }

  @Test
  void aSlowUpstreamGetsAPlaceholderInTimeThenThePatch() throws Exception {
    PEERS.stubFor(
        get(urlPathEqualTo("/tickets/2"))
            .willReturn(okJson("{\"title\":\"Arrived late\"}").withFixedDelay(3_000)));
    String token = connect();

    long start = System.nanoTime();
    JsonObject answer = unfurl(token, ticketUri(2));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofMillis(2_500));
    String operations = answer.getJsonArray("operations").toString();
    assertThat(operations)
        .contains("\"attributes\"")
        .contains(ticketUri(2))
        .contains("\"id\":\"dev\"");
    assertThat(operations).doesNotContain("Arrived late").doesNotContain("error");
    assertThat(patchesContaining("Arrived late")).isEmpty();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(patchesContaining("Arrived late")).hasSize(1));
    LoggedRequest patch = patchesContaining("Arrived late").get(0);
    assertThat(patch.getBodyAsString()).contains(ticketUri(2));
    assertThat(patch.getHeader("Authorization")).isEqualTo("Bearer ntn_x");
  }

  // --- helpers ---

  static List<LoggedRequest> patchesContaining(String text) {
    return PEERS.findAll(patchRequestedFor(urlPathEqualTo("/v1/external/object"))).stream()
        .filter(r -> r.getBodyAsString().contains(text))
        .toList();
  }

  String connect() throws Exception {
    return new NotionPlayer(root(), Deployments.CLIENT_ID, Deployments.CLIENT_SECRET)
        .connect("demo", "demo")
        .accessToken();
  }

  static String ticketUri(int number) {
    return "https://tracker.fetch.test/tickets/" + number;
  }

  static Path sourcesFile() {
    try {
      Path file = Files.createTempFile("previewbridge-fetch-sources", ".json");
      Files.writeString(
          file,
          """
          {
            "developerName": "Fetch Test",
            "sources": [{
              "id": "ticket",
              "pattern": "^https://tracker\\\\.fetch\\\\.test/tickets/(?<num>\\\\d+)$",
              "samples": ["https://tracker.fetch.test/tickets/42"],
              "fetch": { "url": "%s/tickets/{num}", "readTimeout": "PT6S" },
              "refresh": "PT1H",
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

  JsonObject unfurl(String token, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(root() + "/notion/unfurl"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("uri", uri).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
