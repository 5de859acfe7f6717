package io.previewbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The whole demo loop on its Notion side, in one Payara Micro with both WARs as {@code mvn -Pdemo
 * package} runs them (previewbridge.war at {@code /} in demo mode, simulator.war at {@code
 * /simulator}): connect as demo/demo with the simulator's callback as redirect URI, unfurl a demo
 * task, edit the task through the demo API, and see the simulator receive PreviewBridge's PATCH
 * with the new title.
 *
 * <p>The server listens on a random port, which is its public URL; the demo defaults derive the
 * demo upstream, the Notion API (the simulator) and the redirect URI from it. An edit makes the
 * item's previews due at once (demo/control/DemoChanges), so the PATCH follows within a timer run
 * or two; the generous wait only absorbs a slow machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoLoopIT {

  static final String OAUTH_CLIENT_ID = DemoNotionSideIT.OAUTH_CLIENT_ID;
  static final String OAUTH_CLIENT_SECRET = DemoNotionSideIT.OAUTH_CLIENT_SECRET;

  PayaraMicroProcess micro;
  String base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @RegisterExtension
  final TestWatcher logOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (micro != null) {
            System.err.println(micro.logTail(200));
          }
        }
      };

  @BeforeAll
  void startBothWarsInOnePayaraMicro() throws Exception {
    PayaraMicroProcess.Builder server = PayaraMicroProcess.builder("demo-loop");
    base = server.baseUrl();
    server
        .systemProperty("previewbridge.demo", "true")
        .systemProperty(
            "previewbridge.data-dir",
            server.workDirectory().resolve("data").toAbsolutePath().toString())
        .systemProperty("previewbridge.public-url", base)
        .preBootCommands(Path.of("server-config/payara-micro/demo-frames.asadmin"))
        .postBootCommands(Path.of("server-config/payara-micro/demo-h2.asadmin"))
        .deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/")
        .deploy(PayaraMicroProcess.simulatorWar(), "/simulator");
    micro = server.start();
    micro.awaitReady(PayaraMicroProcess.STARTUP_TIMEOUT, "/health/ready", "/simulator/api/faults");
  }

  @AfterAll
  void stop() throws Exception {
    if (micro != null) {
      micro.close();
    }
  }

  @Test
  void anEditedDemoTaskReachesTheSimulatorAsAPatchWithItsNewTitle() throws Exception {
    JsonObject item = demoItem("task");
    String id = item.getString("id");
    String url = item.getString("url");
    assertThat(url).isEqualTo(base + "/demo/items/" + id);
    JsonObject before = json(send(request("/demo/api/items/" + id).GET()));

    String callback = base + "/simulator/callback";
    NotionPlayer notion = new NotionPlayer(base, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, callback);
    NotionPlayer.Authorization authorization = notion.authorize("demo", "demo");
    assertThat(authorization.redirect().toString()).startsWith(callback + "?");
    NotionPlayer.Tokens tokens = notion.exchange(authorization.code());

    HttpResponse<String> unfurled =
        send(
            request("/notion/unfurl")
                .header("Authorization", "Bearer " + tokens.accessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(uriJson(url))));
    assertThat(unfurled.statusCode()).as(unfurled.body()).isEqualTo(200);
    JsonObject card = json(unfurled);
    assertThat(card.getString("uri")).isEqualTo(url);
    assertThat(value(card, "title")).isEqualTo(before.getString("title"));
    assertThat(value(card, "status")).isEqualTo(before.getString("status"));
    assertThat(value(card, "dev")).isEqualTo("PreviewBridge Demo");
    assertThat(sections(card))
        .as("attribute id → Notion section (demo/sources.json, demo-task)")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "title", "title",
                "status", "primary",
                "due", "secondary",
                "key", "identifier",
                "assignee", "avatar",
                "description", "body",
                "dev", "secondary"));

    String newTitle = "Renamed in the demo " + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> put =
        send(
            request("/demo/api/items/" + id)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("title", newTitle)
                            .add("status", before.getString("status"))
                            .add("due", before.getString("due"))
                            .add("assignee", before.getJsonObject("assignee").getString("name"))
                            .add("description", before.getString("description"))
                            .build()
                            .toString())));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    // refresh PT30S (literal in demo/sources.json) plus the default tracking interval (PT5S)
    JsonObject received =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> patchWithTitle(url, newTitle), patch -> patch != null);
    assertThat(received.getBoolean("accepted")).as(received.toString()).isTrue();
    JsonObject body = received.getJsonObject("body");
    assertThat(body.getString("uri")).isEqualTo(url);
    assertThat(sections(body)).containsKeys("title", "status", "dev");
    assertThat(value(body, "status")).isEqualTo(before.getString("status"));
  }

  // ---------------------------------------------------------------------------------------------

  /** The first demo item of a kind, from {@code GET /demo/api/items}. */
  JsonObject demoItem(String kind) throws Exception {
    HttpResponse<String> list = send(request("/demo/api/items").GET());
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    return json(list).getJsonArray("items").getValuesAs(JsonObject.class).stream()
        .filter(i -> kind.equals(i.getString("kind")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + list.body()));
  }

  /**
   * The simulator's newest received PATCH for {@code uri} whose title is {@code title}, or null.
   */
  JsonObject patchWithTitle(String uri, String title) throws Exception {
    HttpResponse<String> response =
        send(
            request(
                    "/simulator/api/patches?uri="
                        + java.net.URLEncoder.encode(uri, java.nio.charset.StandardCharsets.UTF_8))
                .GET());
    List<JsonObject> patches = json(response).getJsonArray("patches").getValuesAs(JsonObject.class);
    return patches.stream()
        .filter(p -> p.get("body") instanceof JsonObject)
        .filter(p -> title.equals(value(p.getJsonObject("body"), "title")))
        .findFirst()
        .orElse(null);
  }

  /** Attribute id → section, from an unfurl answer or a PATCH body. */
  static Map<String, String> sections(JsonObject body) {
    Map<String, String> sections = new LinkedHashMap<>();
    for (JsonObject attribute : attributes(body)) {
      JsonObject container = attribute.getJsonObject(attribute.getString("type"));
      for (JsonValue sub : container.values()) {
        if (sub instanceof JsonObject typed && typed.containsKey("section")) {
          sections.put(attribute.getString("id"), typed.getString("section"));
        }
      }
    }
    return sections;
  }

  /** The inline value of an attribute as text, or null. */
  static String value(JsonObject body, String id) {
    for (JsonObject attribute : attributes(body)) {
      if (attribute.getString("id").equals(id) && attribute.containsKey("inline")) {
        JsonObject inline = attribute.getJsonObject("inline");
        JsonValue value = inline.getJsonObject(inline.keySet().iterator().next()).get("value");
        return value instanceof jakarta.json.JsonString text ? text.getString() : value.toString();
      }
    }
    return null;
  }

  static List<JsonObject> attributes(JsonObject body) {
    return body.getJsonArray("operations").getValuesAs(JsonObject.class).stream()
        .filter(o -> o.getJsonArray("path").getString(0).equals("attributes"))
        .flatMap(o -> o.getJsonArray("set").getValuesAs(JsonObject.class).stream())
        .toList();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  static String uriJson(String uri) {
    return Json.createObjectBuilder().add("uri", uri).build().toString();
  }
}
