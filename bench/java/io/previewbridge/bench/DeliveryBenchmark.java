package io.previewbridge.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.webhooks.SignedChanges;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4's delivery benchmarks, on the real WAR on a Payara Micro process (embedded H2), with
 * WireMock on loopback as the company's ticket tracker and as Notion, with the default limiter (2
 * PATCHes per second and connection, burst 4; 2.5 per second and workspace, burst 5) and the
 * default delivery interval (2 s):
 *
 * <ol>
 *   <li><b>latency</b>: a ticket changes, a signed webhook says so, and the time until the PATCH
 *       with the new state reaches the fake Notion is measured; one change at a time, paced at the
 *       connection's rate. Baselines in the same run: the round trip of an unfurl of the same link
 *       (the same fetch and mapping, answered directly), and of a PATCH sent straight to the fake
 *       Notion.
 *   <li><b>coalescing</b>: {@code uris} links over {@code connections} connections (each its own
 *       workspace), every link changed {@code rounds} times in a burst of webhooks; counts the
 *       PATCHes Notion receives per link and checks that each link's last PATCH carries its final
 *       state. Baseline: one PATCH per link.
 * </ol>
 *
 * <p>System properties: {@code phases} (default {@code latency,coalescing}), {@code samples} (100),
 * {@code warmup} (10 samples), {@code pace} (ms between changes, 500), {@code uris} (1000), {@code
 * rounds} (10), {@code connections} (10), {@code timeout} (s to wait for the final states, 600).
 */
public final class DeliveryBenchmark {

  static final String CLIENT_ID = "bench-client";
  static final String CLIENT_SECRET = "bench-client-secret-0123456789";
  static final String WEBHOOK_SECRET = "bench-webhook-secret-0123456789abcdef";

  /** Current version of each ticket, served by the fake tracker as {@code "Ticket N vV"}. */
  static final Map<Integer, Integer> VERSIONS = new ConcurrentHashMap<>();

  /** Every PATCH the fake Notion received. */
  record Received(long nanos, String uri, int version, String token) {}

  static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();
  static final Pattern TICKET = Pattern.compile("tickets/(\\d+)");
  static final Pattern VERSION = Pattern.compile("Ticket \\d+ v(\\d+)");

  public static void main(String[] args) throws Exception {
    String phases = System.getProperty("phases", "latency,coalescing");
    Path root = LoadBenchmark.projectRoot();
    Path work = Files.createTempDirectory("previewbridge-delivery-bench");

    WireMockServer peers =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(64)
                .disableRequestJournal()
                .extensions(new TicketTracker()));
    peers.start();
    stubPeers(peers);
    Path sources = work.resolve("sources.json");
    Files.writeString(sources, LoadBenchmark.sourcesFile(peers.port()));

    Map<String, String> env =
        Map.ofEntries(
            Map.entry("PREVIEWBRIDGE_DEMO", "true"),
            Map.entry("PREVIEWBRIDGE_DATA_DIR", work.resolve("data").toString()),
            Map.entry("PREVIEWBRIDGE_SOURCES", sources.toString()),
            Map.entry("PREVIEWBRIDGE_NOTION_API_URL", "http://127.0.0.1:" + peers.port()),
            Map.entry("PREVIEWBRIDGE_NOTION_REDIRECT_URI", NotionPlayer.REDIRECT_URI),
            Map.entry("PREVIEWBRIDGE_OAUTH_CLIENT_ID", CLIENT_ID),
            Map.entry("PREVIEWBRIDGE_OAUTH_CLIENT_SECRET", CLIENT_SECRET),
            Map.entry("PREVIEWBRIDGE_NOTION_CLIENT_ID", "bench-integration"),
            Map.entry("PREVIEWBRIDGE_NOTION_CLIENT_SECRET", "bench-integration-secret"),
            Map.entry("PREVIEWBRIDGE_DEVELOPER_NAME", "Bench Co"),
            Map.entry("PREVIEWBRIDGE_WEBHOOKS_SECRET", WEBHOOK_SECRET),
            // only webhooks make previews due (the sources' refresh is an hour)
            Map.entry("PREVIEWBRIDGE_TRACKING_INTERVAL", "PT1M"),
            // every unfurl fetches, so that the baseline does the fetch a change check does
            Map.entry("PREVIEWBRIDGE_FETCH_CACHE_TTL", "PT0S"),
            Map.entry(
                "PREVIEWBRIDGE_ENCRYPTION_KEY",
                Base64.getEncoder().encodeToString("bench-encryption-key-32-bytes-!!".getBytes())));

    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%d cores, Java %s, load average at start %.2f%n%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
    PayaraMicroProcess.Builder micro =
        PayaraMicroProcess.builder("delivery-bench").jvmOption("-Xmx1g");
    micro
        .env(env)
        .env("PREVIEWBRIDGE_PUBLIC_URL", micro.baseUrl())
        .deployAtContextRoot(root.resolve("target/previewbridge.war"), "/");
    try (PayaraMicroProcess server = micro.start()) {
      server.awaitReady(PayaraMicroProcess.STARTUP_TIMEOUT, "/health/ready");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      if (phases.contains("latency")) {
        md.append(latency(server.baseUrl(), peers, http));
      }
      if (phases.contains("coalescing")) {
        md.append(coalescing(server.baseUrl(), peers, http));
      }
    } finally {
      peers.stop();
    }
    System.out.println(md);
    Path out = root.resolve("bench/results");
    Files.createDirectories(out);
    Files.writeString(out.resolve("delivery-" + Instant.now().getEpochSecond() + ".md"), md);
  }

  // --- (a) webhook-to-PATCH latency ---

  static String latency(String base, WireMockServer peers, HttpClient http) throws Exception {
    int samples = Integer.getInteger("samples", 100);
    int warmup = Integer.getInteger("warmup", 10);
    long pace = Long.getLong("pace", 500);
    int links = 20;
    String accessToken = connect(base, peers, "ntn_latency", "ws-latency");
    for (int n = 1; n <= links; n++) {
      VERSIONS.put(n, 0);
      unfurl(http, base, accessToken, n);
    }
    SignedChanges webhooks = new SignedChanges(http, base, WEBHOOK_SECRET);
    HttpRequest directPatch =
        HttpRequest.newBuilder(URI.create(peers.baseUrl() + "/v1/external/object"))
            .header("Authorization", "Bearer ntn_direct")
            .header("Content-Type", "application/json")
            .method(
                "PATCH",
                HttpRequest.BodyPublishers.ofString(
                    "{\"uri\":\"https://tracker.bench.test/tickets/0\",\"operations\":[]}"))
            .build();

    List<Long> toPatch = new ArrayList<>();
    List<Long> webhookAnswer = new ArrayList<>();
    List<Long> unfurlRoundTrip = new ArrayList<>();
    List<Long> patchRoundTrip = new ArrayList<>();
    int lost = 0;
    for (int i = 0; i < warmup + samples; i++) {
      int n = 1 + i % links;
      int version = VERSIONS.merge(n, 1, Integer::sum);
      String uri = uri(n);
      long started = System.nanoTime();
      HttpResponse<String> accepted = webhooks.uris(List.of(uri));
      long answered = System.nanoTime();
      if (accepted.statusCode() != 202) {
        throw new IllegalStateException("webhook answered " + accepted.statusCode());
      }
      Received arrival = awaitPatch(uri, version, Duration.ofSeconds(10));
      if (i >= warmup) {
        if (arrival == null) {
          lost++;
        } else {
          toPatch.add(arrival.nanos() - started);
        }
        webhookAnswer.add(answered - started);
      }
      // baselines, right after: the same fetch and mapping answered directly, and Notion's echo
      long u = System.nanoTime();
      unfurl(http, base, accessToken, n);
      long p = System.nanoTime();
      http.send(directPatch, HttpResponse.BodyHandlers.discarding());
      long q = System.nanoTime();
      if (i >= warmup) {
        unfurlRoundTrip.add(p - u);
        patchRoundTrip.add(q - p);
      }
      long spent = (System.nanoTime() - started) / 1_000_000;
      if (spent < pace) {
        Thread.sleep(pace - spent);
      }
    }
    Stats patchStats = stats("webhook → PATCH at the fake Notion", toPatch);
    Stats unfurlStats = stats("POST /notion/unfurl of the same link (baseline)", unfurlRoundTrip);
    Stats webhookStats = stats("POST /webhooks/changes answered (202)", webhookAnswer);
    Stats echoStats = stats("PATCH straight to the fake Notion (baseline)", patchRoundTrip);
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "### Webhook-to-PATCH latency%n%n%d samples after %d warm-up, one change every %d ms"
                + " over %d links of one connection; %d PATCHes not seen within 10 s%n%n",
            samples,
            warmup,
            pace,
            links,
            lost));
    md.append(
        "| Measured | Samples | p50 (ms) | p99 (ms) | max (ms) | p50 vs unfurl | p99 vs unfurl |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Stats s : List.of(patchStats, webhookStats, unfurlStats, echoStats)) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %.1f | %.1f | %.2f | %.2f |%n",
              s.name(),
              s.requests(),
              s.percentileMillis(50),
              s.percentileMillis(99),
              s.percentileMillis(100),
              s.percentileMillis(50) / unfurlStats.percentileMillis(50),
              s.percentileMillis(99) / unfurlStats.percentileMillis(99)));
    }
    md.append('\n');
    return md.toString();
  }

  static Received awaitPatch(String uri, int version, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Received r : RECEIVED) {
        if (r.uri().equals(uri) && r.version() == version) {
          return r;
        }
      }
      Thread.sleep(1);
    }
    return null;
  }

  static Stats stats(String name, List<Long> nanos) {
    return new Stats(name, nanos.size(), 0, 1, nanos.stream().mapToLong(Long::longValue).toArray());
  }

  // --- (b) coalescing ---

  static String coalescing(String base, WireMockServer peers, HttpClient http) throws Exception {
    int uris = Integer.getInteger("uris", 1000);
    int rounds = Integer.getInteger("rounds", 10);
    int connections = Integer.getInteger("connections", 10);
    Duration timeout = Duration.ofSeconds(Integer.getInteger("timeout", 600));
    int first = 100_000;

    String[] tokens = new String[connections];
    for (int c = 0; c < connections; c++) {
      tokens[c] = connect(base, peers, "ntn_burst_" + c, "ws-burst-" + c);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> unfurls = new ArrayList<>();
    for (int j = 0; j < uris; j++) {
      int n = first + j;
      String token = tokens[j % connections];
      VERSIONS.put(n, 0);
      unfurls.add(pool.submit(() -> unfurl(http, base, token, n)));
    }
    for (Future<?> f : unfurls) {
      f.get();
    }
    pool.shutdown();
    RECEIVED.clear();

    // the burst: every link changes `rounds` times, each change announced by a webhook
    SignedChanges webhooks = new SignedChanges(http, base, WEBHOOK_SECRET);
    int perWebhook = 100;
    int requests = 0;
    long started = System.nanoTime();
    for (int r = 1; r <= rounds; r++) {
      for (int from = 0; from < uris; from += perWebhook) {
        List<String> chunk = new ArrayList<>();
        for (int j = from; j < Math.min(uris, from + perWebhook); j++) {
          VERSIONS.put(first + j, r);
          chunk.add(uri(first + j));
        }
        HttpResponse<String> accepted = webhooks.uris(chunk);
        requests++;
        if (accepted.statusCode() != 202) {
          throw new IllegalStateException(
              "webhook answered " + accepted.statusCode() + ": " + accepted.body());
        }
      }
    }
    long burstSent = System.nanoTime();

    // until every link's newest PATCH carries the final state, then a quiet spell
    long deadline = System.nanoTime() + timeout.toNanos();
    long allFinal = -1;
    while (System.nanoTime() < deadline) {
      if (finalStates(rounds, first, uris) == uris) {
        allFinal = System.nanoTime();
        break;
      }
      Thread.sleep(200);
    }
    Thread.sleep(5000);

    Map<String, List<Received>> byUri = new TreeMap<>();
    for (Received r : RECEIVED) {
      byUri.computeIfAbsent(r.uri(), u -> new ArrayList<>()).add(r);
    }
    byUri.values().forEach(l -> l.sort((a, b) -> Long.compare(a.nanos(), b.nanos())));
    int total = RECEIVED.size();
    int maxPerUri = byUri.values().stream().mapToInt(List::size).max().orElse(0);
    Map<Integer, Integer> histogram = new TreeMap<>();
    byUri.values().forEach(l -> histogram.merge(l.size(), 1, Integer::sum));
    long lastNotFinal =
        byUri.values().stream().filter(l -> l.get(l.size() - 1).version() != rounds).count();
    long missing = uris - byUri.size();
    long wentBack =
        byUri.values().stream()
            .filter(
                l -> {
                  for (int i = 1; i < l.size(); i++) {
                    if (l.get(i).version() < l.get(i - 1).version()) {
                      return true;
                    }
                  }
                  return false;
                })
            .count();
    // one limiter slot of a connection: 1 / 2 per second = 500 ms
    long slotNanos = Duration.ofMillis(500).toNanos();
    long twoInOneSlot =
        byUri.values().stream()
            .filter(
                l -> {
                  for (int i = 1; i < l.size(); i++) {
                    if (l.get(i).nanos() - l.get(i - 1).nanos() < slotNanos) {
                      return true;
                    }
                  }
                  return false;
                })
            .count();
    // the limiter per connection: the most PATCHes of one token within any second
    Map<String, List<Long>> byToken = new TreeMap<>();
    for (Received r : RECEIVED) {
      byToken.computeIfAbsent(r.token(), t -> new ArrayList<>()).add(r.nanos());
    }
    int busiestSecond = 0;
    for (List<Long> times : byToken.values()) {
      times.sort(Long::compare);
      for (int i = 0, j = 0; i < times.size(); i++) {
        while (times.get(i) - times.get(j) >= 1_000_000_000L) {
          j++;
        }
        busiestSecond = Math.max(busiestSecond, i - j + 1);
      }
    }
    double sendSeconds = (burstSent - started) / 1e9;
    double finalSeconds = allFinal < 0 ? Double.NaN : (allFinal - started) / 1e9;

    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "### Coalescing%n%n%d changes (%d links × %d rounds) over %d connections in %d signed"
                + " webhooks of %d links, sent in %.1f s; every link's final state at Notion %.1f"
                + " s after the first webhook%s%n%n",
            uris * rounds,
            uris,
            rounds,
            connections,
            requests,
            perWebhook,
            sendSeconds,
            finalSeconds,
            allFinal < 0 ? " (NOT REACHED within the timeout)" : ""));
    md.append("| Measured | Value |\n|---|---|\n");
    md.append(row("Changes sent", uris * rounds));
    md.append(row("PATCHes received by the fake Notion", total));
    md.append(row("Baseline: one PATCH per link", uris));
    md.append(
        String.format(
            Locale.ROOT,
            "| PATCHes per link, mean (PATCHes / baseline) | %.2f |%n",
            total / (double) uris));
    md.append(row("PATCHes of the busiest link", maxPerUri));
    md.append(row("Links with two PATCHes within one limiter slot (500 ms)", twoInOneSlot));
    md.append(row("Links whose last PATCH is not their final state", lastNotFinal));
    md.append(row("Links that never received a PATCH", missing));
    md.append(row("Links that received an older state after a newer one", wentBack));
    md.append(
        row(
            "Most PATCHes of one connection within one second (limit: burst 4 + 2/s)",
            busiestSecond));
    md.append("\nPATCHes per link → number of links: ").append(histogram).append("\n\n");
    md.append(timeline(byUri, rounds, started));
    return md.toString();
  }

  /**
   * Where the time to settle goes: PATCHes arriving in each 20 s after the first webhook, and how
   * many links were on their final state at Notion by the end of it. A low PATCH rate points at the
   * outbox and the limiter; PATCHes arriving at the limiter's rate while final states lag point at
   * change detection.
   */
  static String timeline(Map<String, List<Received>> byUri, int rounds, long started) {
    long window = Duration.ofSeconds(20).toNanos();
    Map<Long, Integer> patches = new TreeMap<>();
    Map<Long, Integer> finals = new TreeMap<>();
    for (List<Received> l : byUri.values()) {
      for (Received r : l) {
        patches.merge((r.nanos() - started) / window, 1, Integer::sum);
      }
      Received last = l.get(l.size() - 1);
      if (last.version() == rounds) {
        finals.merge((last.nanos() - started) / window, 1, Integer::sum);
      }
    }
    long windows =
        Math.max(patches.keySet().stream().mapToLong(Long::longValue).max().orElse(0), 0);
    StringBuilder md =
        new StringBuilder(
            "| Seconds after the first webhook | PATCHes | Links final by then |\n|---|---|---|\n");
    int finalSoFar = 0;
    for (long w = 0; w <= windows; w++) {
      finalSoFar += finals.getOrDefault(w, 0);
      md.append(
          String.format(
              Locale.ROOT,
              "| %d–%d | %d | %d |%n",
              w * 20,
              (w + 1) * 20,
              patches.getOrDefault(w, 0),
              finalSoFar));
    }
    return md.append("\n").toString();
  }

  static String row(String name, long value) {
    return "| " + name + " | " + value + " |\n";
  }

  static int finalStates(int rounds, int first, int uris) {
    Map<String, Received> newest = new ConcurrentHashMap<>();
    for (Received r : RECEIVED) {
      newest.merge(r.uri(), r, (a, b) -> a.nanos() >= b.nanos() ? a : b);
    }
    int done = 0;
    for (int j = 0; j < uris; j++) {
      Received r = newest.get(uri(first + j));
      if (r != null && r.version() == rounds) {
        done++;
      }
    }
    return done;
  }

  // --- Notion and the tracker ---

  static String uri(int n) {
    return "https://tracker.bench.test/tickets/" + n;
  }

  /** Connects the demo account to a workspace of its own, whose Notion token is {@code token}. */
  static String connect(String base, WireMockServer peers, String token, String workspace)
      throws Exception {
    peers.stubFor(
        post(urlPathEqualTo("/v1/oauth/token"))
            .willReturn(
                json(
                    "{\"access_token\":\""
                        + token
                        + "\",\"token_type\":\"bearer\",\"bot_id\":\"bot-1\",\"workspace_id\":\""
                        + workspace
                        + "\",\"workspace_name\":\"Bench\",\"workspace_icon\":null,"
                        + "\"owner\":{\"type\":\"workspace\",\"workspace\":true},"
                        + "\"duplicated_template_id\":null}")));
    return new NotionPlayer(base, CLIENT_ID, CLIENT_SECRET).connect("demo", "demo").accessToken();
  }

  static Void unfurl(HttpClient http, String base, String accessToken, int n) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/notion/unfurl"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"" + uri(n) + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 || !response.body().contains("Ticket " + n + " v")) {
      throw new IllegalStateException(
          "unfurl of " + n + ": " + response.statusCode() + " " + response.body());
    }
    return null;
  }

  static void stubPeers(WireMockServer peers) {
    peers.stubFor(
        get(urlPathMatching("/tickets/\\d+"))
            .willReturn(aResponse().withTransformers(TicketTracker.NAME)));
    peers.stubFor(patch(urlPathEqualTo("/v1/external/object")).willReturn(json("{}")));
    peers.addMockServiceRequestListener(
        (request, response) -> {
          if (!"PATCH".equals(request.getMethod().getName())) {
            return;
          }
          long now = System.nanoTime();
          String body = request.getBodyAsString();
          Matcher ticket = TICKET.matcher(body);
          Matcher version = VERSION.matcher(body);
          if (ticket.find() && version.find()) {
            RECEIVED.add(
                new Received(
                    now,
                    uri(Integer.parseInt(ticket.group(1))),
                    Integer.parseInt(version.group(1)),
                    request.getHeader("Authorization")));
          }
        });
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  /** The ticket tracker: {@code /tickets/N} answers the ticket's current version. */
  public static final class TicketTracker implements ResponseDefinitionTransformerV2 {

    static final String NAME = "ticket-versions";

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Matcher m = TICKET.matcher(event.getRequest().getUrl());
      int n = m.find() ? Integer.parseInt(m.group(1)) : -1;
      Integer version = VERSIONS.get(n);
      if (version == null) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(404).build();
      }
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody(
              "{\"title\":\"Ticket "
                  + n
                  + " v"
                  + version
                  + "\",\"state\":\""
                  + (version % 2 == 0 ? "open" : "closed")
                  + "\",\"updated_at\":\"2026-11-20T10:15:00Z\",\"body\":\"Benchmark ticket.\"}")
          .build();
    }
  }

  private DeliveryBenchmark() {}
}
