package io.previewbridge.servers;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.previewbridge.testing.AcmeTracker.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a server of the servers' tier runs against, and how it is configured: WireMock as Notion and
 * as the company's ticket tracker, a database of its own on the shared embedded PostgreSQL, a
 * sources file and an accounts file in the server's work directory, and every PreviewBridge setting
 * as an environment variable of the server process.
 */
public final class ServerSetup implements AutoCloseable {

  public static final String NOTION_TOKEN = "ntn_servers_test_workspace_token";
  public static final String CLIENT_ID = "servers-notion-client";
  public static final String CLIENT_SECRET = "servers-notion-client-secret-0123456789";
  public static final String DEVELOPER = "Acme Servers Test";
  public static final String USER = "servers-user";
  public static final String PASSWORD = "servers-password";

  public final WireMockServer peers;
  public final AcmeTracker tracker;
  public final EmbeddedPostgres.Database database;
  private final Path work;

  public ServerSetup(Path work) throws IOException {
    this.work = work;
    peers = new WireMockServer(options().dynamicPort());
    tracker = new AcmeTracker(peers);
    peers.start();
    tracker.notionIssues(NOTION_TOKEN, "ws-servers");
    peers.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
    database = EmbeddedPostgres.shared().createDatabase();
    Files.writeString(
        work.resolve("sources.json"), tracker.sourcesJson(DEVELOPER), StandardCharsets.UTF_8);
    Files.writeString(
        work.resolve("accounts.json"),
        "[{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"user\"]}]",
        StandardCharsets.UTF_8);
  }

  /** A new work directory under {@code target/} for a server of this kind. */
  public static Path workDirectory(String kind) throws IOException {
    Files.createDirectories(Path.of("target"));
    return Files.createTempDirectory(
            Path.of("target"), "server-" + kind.replace(' ', '-').toLowerCase() + "-")
        .toAbsolutePath();
  }

  /** Every setting of PreviewBridge on {@code server}, as environment variables. */
  public Map<String, String> environment(AppServer server) {
    Map<String, String> env = new LinkedHashMap<>(database.environment());
    env.put("PREVIEWBRIDGE_DATABASE_EXPECTED_PRODUCT", "PostgreSQL");
    env.put("PREVIEWBRIDGE_DEMO", "false");
    // The same key on every start: the Notion token is stored encrypted with it.
    env.put(
        "PREVIEWBRIDGE_ENCRYPTION_KEY",
        Base64.getEncoder()
            .encodeToString("servers-tier-test-key-32-bytes!!".getBytes(StandardCharsets.UTF_8)));
    env.put("PREVIEWBRIDGE_OAUTH_CLIENT_ID", CLIENT_ID);
    env.put("PREVIEWBRIDGE_OAUTH_CLIENT_SECRET", CLIENT_SECRET);
    env.put("PREVIEWBRIDGE_NOTION_CLIENT_ID", "servers-integration");
    env.put("PREVIEWBRIDGE_NOTION_CLIENT_SECRET", "servers-integration-secret");
    env.put("PREVIEWBRIDGE_NOTION_API_URL", peers.baseUrl());
    env.put("PREVIEWBRIDGE_SOURCES", work.resolve("sources.json").toString());
    env.put("PREVIEWBRIDGE_ACCOUNTS_FILE", work.resolve("accounts.json").toString());
    env.put("PREVIEWBRIDGE_PUBLIC_URL", server.baseUrl());
    env.put("PREVIEWBRIDGE_DATA_DIR", work.resolve("data").toString());
    env.put("PREVIEWBRIDGE_TRACKING_INTERVAL", "PT1S");
    env.put("PREVIEWBRIDGE_DELIVERY_INTERVAL", "PT1S");
    env.put("PREVIEWBRIDGE_DELIVERY_INITIAL_BACKOFF", "PT1S");
    // Retries stay frequent and never give up while Notion is down, so that what is pending at a
    // kill does not depend on how slow this machine is.
    env.put("PREVIEWBRIDGE_DELIVERY_MAX_BACKOFF", "PT2S");
    env.put("PREVIEWBRIDGE_DELIVERY_MAX_ATTEMPTS", "1000");
    return env;
  }

  @Override
  public void close() {
    peers.stop();
  }
}
