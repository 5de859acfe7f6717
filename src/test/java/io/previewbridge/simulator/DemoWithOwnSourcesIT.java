package io.previewbridge.simulator;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.testing.PostgresRig;
import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Issue 14's small bug: demo mode switched on the way the README does it (the system property
 * {@code previewbridge.demo}, which the demo defaults read) with a sources file of the user's own
 * ({@code previewbridge.sources}) and no {@code previewbridge.developer-name}: the file's {@code
 * developerName} is the product's name, in the card's {@code dev} attribute and on the sign-in
 * page, not the demo's "PreviewBridge Demo".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoWithOwnSourcesIT {

  static final String DEVELOPER = "Acme From Its Own File";

  final WireMockServer peers = new WireMockServer(options().dynamicPort());
  final AcmeTracker tracker = new AcmeTracker(peers);
  final HttpClient http = HttpClient.newHttpClient();
  PayaraMicroProcess micro;
  String base;

  @RegisterExtension final TestWatcher logOnFailure = PayaraMicroProcess.logOnFailure(() -> micro);

  @BeforeAll
  void startTheDemoWithItsOwnSourcesFile() throws Exception {
    peers.start();
    tracker.notionIssues("ntn_demo_own_sources", "ws-demo-own");
    PayaraMicroProcess.Builder server = PayaraMicroProcess.builder("demo-own-sources");
    base = server.baseUrl();
    Path sources = server.workDirectory().resolve("sources.json");
    Files.writeString(sources, tracker.sourcesJson(DEVELOPER), StandardCharsets.UTF_8);
    server
        .systemProperty("previewbridge.demo", "true")
        .systemProperty("previewbridge.sources", sources.toAbsolutePath().toString())
        .systemProperty("previewbridge.public-url", base)
        .systemProperty("previewbridge.notion.api-url", peers.baseUrl())
        .systemProperty(
            "previewbridge.data-dir",
            server.workDirectory().resolve("data").toAbsolutePath().toString())
        .deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/");
    micro = server.start();
    micro.awaitReady();
  }

  @AfterAll
  void stop() throws Exception {
    if (micro != null) {
      micro.close();
    }
    peers.stop();
  }

  @Test
  void theSourcesFilesDeveloperNameIsTheProductsName() throws Exception {
    tracker.ticket(7, "Demo with a file of its own", "open");
    // The demo's Notion client and redirect URI (its defaults), the demo account.
    NotionPlayer notion =
        new NotionPlayer(
            base,
            DemoNotionSideIT.OAUTH_CLIENT_ID,
            DemoNotionSideIT.OAUTH_CLIENT_SECRET,
            base + "/simulator/callback");
    NotionPlayer.Tokens tokens = notion.connect("demo", "demo");

    HttpResponse<String> unfurled =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/notion/unfurl"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("uri", AcmeTracker.uri(7))
                            .build()
                            .toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unfurled.statusCode()).as(unfurled.body()).isEqualTo(200);
    assertThat(PostgresRig.attributes(PostgresRig.parse(unfurled.body())))
        .containsEntry("title", "Demo with a file of its own")
        .containsEntry("dev", DEVELOPER);

    HttpResponse<String> signInPage =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/signin")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signInPage.body()).contains(DEVELOPER).doesNotContain("PreviewBridge Demo");
  }
}
