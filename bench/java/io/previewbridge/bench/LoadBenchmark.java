package io.previewbridge.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load benchmark of {@code POST /notion/unfurl} (upstream on loopback) and {@code POST
 * /notion/token} (refresh grant), each beside a no-op JAX-RS endpoint in the same server, in the
 * same run. Prints a Markdown table for {@code docs/benchmarks.md}.
 *
 * <p>System properties: {@code workers} (default 8), {@code seconds} (measured time per phase,
 * default 20), {@code warmup} (seconds, default 8).
 */
public final class LoadBenchmark {

  static final String CLIENT_ID = "bench-client";
  static final String CLIENT_SECRET = "bench-client-secret-0123456789";

  public static void main(String[] args) throws Exception {
    int workers = Integer.getInteger("workers", 8);
    Duration measure = Duration.ofSeconds(Integer.getInteger("seconds", 20));
    Duration warmUp = Duration.ofSeconds(Integer.getInteger("warmup", 8));
    Path root = projectRoot();
    Path work = Files.createTempDirectory("previewbridge-bench");

    WireMockServer peers = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    peers.start();
    stubPeers(peers);
    Path sources = work.resolve("sources.json");
    Files.writeString(sources, sourcesFile(peers.port()));
    Path war = benchWar(root.resolve("target/previewbridge.war"), work);

    Map<String, String> env =
        Map.ofEntries(
            Map.entry("PREVIEWBRIDGE_DEMO", "true"),
            Map.entry("PREVIEWBRIDGE_DATA_DIR", work.resolve("data").toString()),
            Map.entry("PREVIEWBRIDGE_SOURCES", sources.toString()),
            Map.entry("PREVIEWBRIDGE_NOTION_API_URL", "http://127.0.0.1:" + peers.port()),
            // demo mode registers the simulator's callback; this run plays Notion itself
            Map.entry("PREVIEWBRIDGE_NOTION_REDIRECT_URI", NotionPlayer.REDIRECT_URI),
            Map.entry("PREVIEWBRIDGE_OAUTH_CLIENT_ID", CLIENT_ID),
            Map.entry("PREVIEWBRIDGE_OAUTH_CLIENT_SECRET", CLIENT_SECRET),
            Map.entry("PREVIEWBRIDGE_NOTION_CLIENT_ID", "bench-integration"),
            Map.entry("PREVIEWBRIDGE_NOTION_CLIENT_SECRET", "bench-integration-secret"),
            Map.entry("PREVIEWBRIDGE_DEVELOPER_NAME", "Bench Co"),
            // the html-meta pages are served on loopback, which a pasted link may not reach
            // unless the admin lists the host
            Map.entry("PREVIEWBRIDGE_FETCH_ALLOWED_HOSTS", "127.0.0.1"),
            Map.entry(
                "PREVIEWBRIDGE_ENCRYPTION_KEY",
                Base64.getEncoder().encodeToString("bench-encryption-key-32-bytes-!!".getBytes())));

    List<Stats> results = new ArrayList<>();
    PayaraMicroProcess.Builder micro = PayaraMicroProcess.builder("bench").jvmOption("-Xmx1g");
    micro.env(env).env("PREVIEWBRIDGE_PUBLIC_URL", micro.baseUrl()).deployAtContextRoot(war, "/");
    try (PayaraMicroProcess server = micro.start()) {
      server.awaitReady(PayaraMicroProcess.STARTUP_TIMEOUT, "/health/ready");
      String base = server.baseUrl();
      NotionPlayer notion = new NotionPlayer(base, CLIENT_ID, CLIENT_SECRET);
      NotionPlayer.Tokens[] tokens = new NotionPlayer.Tokens[workers];
      for (int w = 0; w < workers; w++) {
        tokens[w] = notion.connect("demo", "demo");
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      HttpRequest noop = HttpRequest.newBuilder(URI.create(base + "/bench/noop")).build();
      results.add(
          Load.run(
              "no-op JAX-RS endpoint (baseline)",
              workers,
              warmUp,
              measure,
              (w, i) -> http.send(noop, HttpResponse.BodyHandlers.ofString()).statusCode() == 200));

      results.add(
          Load.run(
              "POST /notion/unfurl, cache cold (a new ticket every request)",
              workers,
              warmUp,
              measure,
              (w, i) ->
                  unfurled(
                      http,
                      base,
                      tokens[w],
                      "https://tracker.bench.test/tickets/" + (w * 100_000_000L + i))));

      results.add(
          Load.run(
              "POST /notion/unfurl, cache warm (20 tickets)",
              workers,
              warmUp,
              measure,
              (w, i) ->
                  unfurled(
                      http, base, tokens[w], "https://tracker.bench.test/tickets/" + (i % 20))));

      results.add(
          Load.run(
              "POST /notion/unfurl, html-meta on the test fixtures, cache cold",
              workers,
              warmUp,
              measure,
              (w, i) ->
                  unfurled(
                      http,
                      base,
                      tokens[w],
                      peers.baseUrl().replace("localhost", "127.0.0.1")
                          + "/pages/"
                          + PAGES.get((int) (i % PAGES.size()))
                          + "?n="
                          + w
                          + "-"
                          + i)));

      results.add(
          Load.run(
              "POST /notion/token (refresh grant)",
              workers,
              warmUp,
              measure,
              (w, i) -> {
                tokens[w] = notion.refresh(http, tokens[w].refreshToken());
                return tokens[w].accessToken() != null;
              }));
    } finally {
      peers.stop();
    }
    String table = table(results, workers, measure);
    System.out.println(table);
    Path out = root.resolve("bench/results");
    Files.createDirectories(out);
    Files.writeString(out.resolve("load-" + Instant.now().getEpochSecond() + ".md"), table);
  }

  /** Committed html-meta fixtures (src/test/resources/html), without the 1 MB one. */
  static final List<String> PAGES =
      List.of(
          "og-only.html",
          "jsonld-only.html",
          "both.html",
          "twitter-only.html",
          "relative.html",
          "broken.html",
          "latin1.html");

  static boolean unfurled(HttpClient http, String base, NotionPlayer.Tokens tokens, String uri)
      throws Exception {
    HttpRequest unfurl =
        HttpRequest.newBuilder(URI.create(base + "/notion/unfurl"))
            .header("Authorization", "Bearer " + tokens.accessToken())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"" + uri + "\"}"))
            .build();
    HttpResponse<String> response = http.send(unfurl, HttpResponse.BodyHandlers.ofString());
    boolean ok = response.statusCode() == 200 && response.body().contains("\"attributes\"");
    if (!ok && FIRST_ERROR_SHOWN.add(uri.replaceAll("[0-9?=-]+$", ""))) {
      System.err.println(
          "Unexpected answer for " + uri + ": " + response.statusCode() + " " + response.body());
    }
    return ok;
  }

  /** One unexpected answer per kind of uri is printed, so that errors can be understood. */
  static final java.util.Set<String> FIRST_ERROR_SHOWN =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static String table(List<Stats> results, int workers, Duration measure) {
    Stats baseline = results.get(0);
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%d closed-loop workers, %d s measured per phase, %d cores, Java %s%n%n",
            workers,
            measure.toSeconds(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version")));
    md.append(
        "| Endpoint | Requests | Errors | Throughput (req/s) | p50 (ms) | p99 (ms) | Throughput vs no-op | p99 vs no-op |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (Stats s : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.1f× |%n",
              s.name(),
              s.requests(),
              s.errors(),
              s.throughput(),
              s.percentileMillis(50),
              s.percentileMillis(99),
              s.throughput() / baseline.throughput(),
              s.percentileMillis(99) / baseline.percentileMillis(99)));
    }
    return md.toString();
  }

  static void stubPeers(WireMockServer peers) {
    peers.stubFor(
        get(urlPathMatching("/tickets/\\d+"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"title\":\"Login fails on Safari\",\"state\":\"open\","
                            + "\"updated_at\":\"2026-11-20T10:15:00Z\","
                            + "\"body\":\"Steps to reproduce: open the login page in Safari 18.\"}")));
    peers.stubFor(
        post(urlPathEqualTo("/v1/oauth/token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"ntn_bench\",\"token_type\":\"bearer\",\"bot_id\":\"bot-1\","
                            + "\"workspace_id\":\"ws-bench\",\"workspace_name\":\"Bench Space\","
                            + "\"workspace_icon\":null,\"owner\":{\"type\":\"workspace\",\"workspace\":true},"
                            + "\"duplicated_template_id\":null}")));
    peers.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    for (String page : PAGES) {
      peers.stubFor(
          get(urlPathEqualTo("/pages/" + page))
              .willReturn(
                  aResponse()
                      .withHeader(
                          "Content-Type",
                          page.startsWith("latin1")
                              ? "text/html; charset=ISO-8859-1"
                              : "text/html; charset=utf-8")
                      .withBody(fixture(page))));
    }
  }

  static byte[] fixture(String name) {
    try (var in = LoadBenchmark.class.getClassLoader().getResourceAsStream("html/" + name)) {
      return in.readAllBytes();
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("missing fixture html/" + name, e);
    }
  }

  static String sourcesFile(int upstreamPort) {
    return """
        {
          "developerName": "Bench Co",
          "sources": [{
            "id": "ticket",
            "pattern": "^https://tracker\\\\.bench\\\\.test/tickets/(?<num>\\\\d+)$",
            "samples": ["https://tracker.bench.test/tickets/42"],
            "fetch": { "url": "http://127.0.0.1:%d/tickets/{num}" },
            "refresh": "PT1H",
            "attributes": [
              { "id": "title", "type": "title", "value": "{/title}" },
              { "id": "state", "name": "State", "type": "enum", "value": "{/state}", "section": "primary",
                "colors": { "open": "#1f883d", "closed": "#8250df" } },
              { "id": "updated", "name": "Updated", "type": "datetime", "value": "{/updated_at}", "section": "secondary" },
              { "id": "number", "name": "Ticket", "type": "plain_text", "value": "#{num}", "section": "identifier" },
              { "id": "body", "name": "Description", "type": "plain_text", "value": "{/body}", "section": "body", "maxLength": 400 }
            ],
            "errors": { "404": "Ticket not found" }
          }, {
            "id": "page",
            "kind": "html-meta",
            "pattern": "^http://127\\\\.0\\\\.0\\\\.1:%d/pages/(?<name>[a-z0-9-]+)\\\\.html(\\\\?.*)?$",
            "samples": ["http://127.0.0.1:%d/pages/og-only.html"],
            "refresh": "PT1H"
          }]
        }
        """
        .formatted(upstreamPort, upstreamPort, upstreamPort);
  }

  /** The real WAR plus the no-op baseline resource, as {@code work/previewbridge-bench.war}. */
  static Path benchWar(Path war, Path work) throws Exception {
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException(war + " is missing: run `mvn -DskipTests package` first");
    }
    Path copy = work.resolve("previewbridge-bench.war");
    Files.copy(war, copy, StandardCopyOption.REPLACE_EXISTING);
    String classFile = NoopResource.class.getName().replace('.', '/') + ".class";
    try (FileSystem zip = FileSystems.newFileSystem(copy);
        var in = NoopResource.class.getClassLoader().getResourceAsStream(classFile)) {
      Path target = zip.getPath("WEB-INF/classes/" + classFile);
      Files.createDirectories(target.getParent());
      Files.copy(in, target);
    }
    return copy;
  }

  static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("bench/java"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("run from the PreviewBridge checkout");
    }
    return dir;
  }
}
