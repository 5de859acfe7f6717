package io.previewbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.NotionPlayer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo as {@code mvn -Pdemo package} runs it: one Payara Micro, previewbridge.war at {@code /}
 * in demo mode and simulator.war beside it at {@code /simulator}, both with nothing configured but
 * demo mode and the public URL, so the demo defaults on both sides must agree.
 *
 * <p>It proves the Notion side of the demo loop: Notion-style calls ({@code Authorization: Bearer
 * ntn_...}) reach the simulator although the application beside it is an MP-JWT application, and
 * the demo connect flow (sign-in and consent as demo/demo, redirect URI = the simulator's callback)
 * makes PreviewBridge's NotionClient exchange Notion's code at the simulator.
 *
 * <p>The rest of the loop (unfurl a demo item, edit it, the PATCH arriving at the simulator) is
 * {@link DemoLoopIT}, which needs a different public URL than this test (see there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoNotionSideIT {

  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);

  /** PreviewBridge's demo defaults (platform/control/DemoDefaults), which the simulator mirrors. */
  static final String OAUTH_CLIENT_ID = "demo-notion-client";

  static final String OAUTH_CLIENT_SECRET = "demo-notion-client-secret";
  static final String INTEGRATION_ID = "demo-integration";
  static final String INTEGRATION_SECRET = "demo-integration-secret";

  Process micro;
  Path log;
  String base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  void startBothWarsInOnePayaraMicro() throws Exception {
    Path microJar =
        Path.of(System.getProperty("payara.microJar", "target/runtime/payara-micro.jar"));
    Path previewBridge =
        Path.of(System.getProperty("previewbridge.war", "target/previewbridge.war"));
    Path simulator = Path.of(System.getProperty("simulator.war", "target/simulator.war"));
    for (Path required : List.of(microJar, previewBridge, simulator)) {
      assertThat(required).as("built by `mvn package` (run with `mvn verify`)").isRegularFile();
    }
    int port = freePort();
    base = "http://localhost:" + port;
    Path work = Files.createTempDirectory(Path.of("target"), "demo-notion-side-");
    log = work.resolve("payara-micro.log");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-Dpreviewbridge.demo=true",
            "-Dpreviewbridge.data-dir=" + work.resolve("data").toAbsolutePath(),
            "-Dpreviewbridge.public-url=" + base,
            "-jar",
            microJar.toString(),
            "--nocluster",
            "--port",
            Integer.toString(port),
            "--prebootcommandfile",
            "server-config/payara-micro/demo-frames.asadmin",
            "--postbootcommandfile",
            "server-config/payara-micro/demo-h2.asadmin",
            "--deploy",
            previewBridge.toString(),
            "--contextroot",
            "/",
            "--deploy",
            simulator + ":/simulator"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("PREVIEWBRIDGE_") || k.startsWith("SIMULATOR_"));
    micro = builder.start();
    awaitReady();
  }

  @AfterAll
  void stop() throws Exception {
    if (micro != null) {
      List<ProcessHandle> descendants = micro.descendants().toList();
      micro.destroy();
      if (!micro.waitFor(30, TimeUnit.SECONDS)) {
        micro.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void notionStyleBearerCallsReachTheSimulatorWhileMpJwtStillGuardsPreviewBridge()
      throws Exception {
    String token = simulatorToken(UUID.randomUUID().toString());
    String uri = base + "/demo/items/task-12?" + UUID.randomUUID();

    HttpResponse<String> accepted = patch("Bearer " + token, preview(uri));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    JsonObject received =
        json(send(HttpRequest.newBuilder(URI.create(base + "/simulator/api/patches")).GET()))
            .getJsonArray("patches")
            .getJsonObject(0);
    assertThat(received.getString("uri")).isEqualTo(uri);
    assertThat(received.getBoolean("accepted")).isTrue();

    HttpResponse<String> unknown = patch("Bearer ntn_" + "0".repeat(64), preview(uri));
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(unknown).getString("object")).isEqualTo("error");
    assertThat(json(unknown).getString("code")).isEqualTo("unauthorized");

    HttpResponse<String> unfurl =
        send(
            HttpRequest.newBuilder(URI.create(base + "/notion/unfurl"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"" + uri + "\"}")));
    assertThat(unfurl.statusCode())
        .as("a Notion token is not one of PreviewBridge's JWTs")
        .isEqualTo(401);
  }

  @Test
  void theDemoConnectFlowExchangesNotionsCodeAtTheSimulator() throws Exception {
    String callback = base + "/simulator/callback";
    NotionPlayer notion = new NotionPlayer(base, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, callback);

    NotionPlayer.Authorization authorization = notion.authorize("demo", "demo");
    assertThat(authorization.redirect().toString()).startsWith(callback + "?");
    assertThat(authorization.code()).as(authorization.redirect().toString()).isNotBlank();

    // PreviewBridge's NotionClient already traded this Notion code at the simulator: a second
    // exchange of it there is refused, as Notion refuses a used code.
    HttpResponse<String> replay = exchange(authorization.notionCode());
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(400);
    assertThat(json(replay).getString("code")).isEqualTo("invalid_grant");

    NotionPlayer.Tokens tokens = notion.exchange(authorization.code());
    assertThat(tokens.accessToken()).isNotBlank();
    assertThat(tokens.refreshToken()).isNotBlank();
  }

  // ---------------------------------------------------------------------------------------------

  String simulatorToken(String code) throws Exception {
    HttpResponse<String> response = exchange(code);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).getString("access_token");
  }

  HttpResponse<String> exchange(String code) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (INTEGRATION_ID + ":" + INTEGRATION_SECRET).getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"grant_type\":\"authorization_code\",\"code\":\""
            + code
            + "\",\"external_account\":{\"key\":\"k-1\",\"name\":\"demo\"}}";
    return send(
        HttpRequest.newBuilder(URI.create(base + "/simulator/v1/oauth/token"))
            .header("Authorization", "Basic " + basic)
            .header("Notion-Version", "2026-03-11")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> patch(String authorization, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/simulator/v1/external/object"))
            .header("Authorization", authorization)
            .header("Notion-Version", "2021-08-16")
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  static String preview(String uri) {
    return "{\"uri\":\""
        + uri
        + "\",\"operations\":[{\"path\":[\"attributes\"],\"set\":["
        + "{\"id\":\"title\",\"name\":\"Title\",\"type\":\"inline\",\"inline\":{\"title\":{\"value\":\"Hello\",\"section\":\"title\"}}},"
        + "{\"id\":\"dev\",\"name\":\"Developer Name\",\"type\":\"inline\",\"inline\":{\"plain_text\":{\"value\":\"Demo\",\"section\":\"secondary\"}}}"
        + "]}]}";
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  void awaitReady() throws Exception {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    String last = "none";
    while (System.nanoTime() < deadline) {
      if (!micro.isAlive()) {
        throw new AssertionError("Payara Micro exited with " + micro.exitValue() + logTail());
      }
      try {
        int health = send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))).statusCode();
        int simulator =
            send(HttpRequest.newBuilder(URI.create(base + "/simulator/api/faults"))).statusCode();
        last = "health " + health + ", simulator " + simulator;
        if (health == 200 && simulator == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep polling
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "Not ready after " + STARTUP_TIMEOUT.toSeconds() + " s (" + last + ")" + logTail());
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return "\n--- Payara Micro log ("
          + log
          + ") ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size()));
    } catch (IOException e) {
      return "\n(no log: " + e + ")";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
