package io.previewbridge.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.previewbridge.testing.EmbeddedPostgres;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.webhooks.SignedChanges;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak run of issue 12: the real WAR on a Payara Micro process (on PostgreSQL, or with {@code
 * -Ddatabase=h2} the embedded H2) under a steady mix for {@code minutes} (30): unfurls, token
 * refreshes, signed change webhooks (each a new version of a ticket) and console reads, at fixed
 * rates (open loop), while the fake Notion answers 5% of PATCHes with 429 ({@code Retry-After: 1})
 * and 5% with 503. It reports the errors our clients saw (the only expected ones are Notion's
 * injected answers, which our clients never see), whether every ticket's newest version reached
 * Notion in the end, and the server's heap after a full GC every five minutes: the baseline is
 * minute 5, the ratio minute 30 / minute 5.
 *
 * <p>{@code mvn -Pbench -DskipTests package exec:java
 * -Dexec.mainClass=io.previewbridge.bench.SoakBenchmark -Dminutes=30}. Rates per second: {@code
 * unfurls} (60), {@code refreshes} (10), {@code webhooks} (10), {@code reads} (10): about half of
 * what one node of 2 cores measured in LoadBenchmark (158 cold and 413 warm unfurls a second, 438
 * refresh grants), with the server's CPU share reported so that the load can be judged.
 */
public final class SoakBenchmark {

  static final String CLIENT_ID = "soak-client";
  static final String CLIENT_SECRET = "soak-client-secret-0123456789";
  static final String WEBHOOK_SECRET = "soak-webhook-secret-0123456789abcdef";
  static final int CONNECTIONS = 10;
  static final int TICKETS = 200;

  /** The tracker's current version of each ticket (DeliveryBenchmark.TicketTracker serves it). */
  static final Map<Integer, Integer> VERSIONS = DeliveryBenchmark.VERSIONS;

  /**
   * Per ticket, the version Notion shows: the last one it received, in an accepted PATCH (answered
   * 200) or in an unfurl's answer (which is how a re-pasted link shows its state at once, without a
   * PATCH following it).
   */
  static final Map<Integer, Integer> SHOWN = new ConcurrentHashMap<>();

  static final AtomicLong patches = new AtomicLong();
  static final AtomicLong injected429 = new AtomicLong();
  static final AtomicLong injected5xx = new AtomicLong();
  static final Pattern TICKET = Pattern.compile("tickets/(\\d+)");
  static final Pattern VERSION = Pattern.compile("Ticket \\d+ v(\\d+)");

  /** One kind of request: how many, how many failed, the first failure. */
  static final class Kind {
    final String name;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final List<Long> nanos = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile String firstFailure;

    Kind(String name) {
      this.name = name;
    }

    void record(long started, boolean ok, String failure) {
      sent.incrementAndGet();
      nanos.add(System.nanoTime() - started);
      if (!ok) {
        failed.incrementAndGet();
        if (firstFailure == null) {
          firstFailure = failure.length() > 300 ? failure.substring(0, 300) : failure;
        }
      }
    }
  }

  /** A connection's tokens; refreshed under its lock so that a rotated token is never reused. */
  static final class Tokens {
    volatile String access;
    String refresh;

    Tokens(NotionPlayer.Tokens tokens) {
      this.access = tokens.accessToken();
      this.refresh = tokens.refreshToken();
    }
  }

  public static void main(String[] args) throws Exception {
    int minutes = Integer.getInteger("minutes", 30);
    Path root = LoadBenchmark.projectRoot();
    Path work = Files.createTempDirectory("previewbridge-soak");
    WireMockServer peers =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(64)
                .disableRequestJournal()
                .extensions(new DeliveryBenchmark.TicketTracker(), new FlakyNotion()));
    peers.start();
    peers.stubFor(
        get(urlPathMatching("/tickets/\\d+"))
            .willReturn(aResponse().withTransformers(DeliveryBenchmark.TicketTracker.NAME)));
    peers.stubFor(
        patch(urlPathEqualTo("/v1/external/object"))
            .willReturn(aResponse().withTransformers(FlakyNotion.NAME)));
    Path sources = work.resolve("sources.json");
    Files.writeString(sources, LoadBenchmark.sourcesFile(peers.port()));

    PayaraMicroProcess.Builder micro = PayaraMicroProcess.builder("soak").jvmOption("-Xmx1g");
    micro
        .env(
            Map.ofEntries(
                Map.entry("PREVIEWBRIDGE_DEMO", "true"),
                Map.entry("PREVIEWBRIDGE_DATA_DIR", work.resolve("data").toString()),
                Map.entry("PREVIEWBRIDGE_SOURCES", sources.toString()),
                Map.entry("PREVIEWBRIDGE_NOTION_API_URL", "http://127.0.0.1:" + peers.port()),
                Map.entry("PREVIEWBRIDGE_NOTION_REDIRECT_URI", NotionPlayer.REDIRECT_URI),
                Map.entry("PREVIEWBRIDGE_OAUTH_CLIENT_ID", CLIENT_ID),
                Map.entry("PREVIEWBRIDGE_OAUTH_CLIENT_SECRET", CLIENT_SECRET),
                Map.entry("PREVIEWBRIDGE_NOTION_CLIENT_ID", "soak-integration"),
                Map.entry("PREVIEWBRIDGE_NOTION_CLIENT_SECRET", "soak-integration-secret"),
                Map.entry("PREVIEWBRIDGE_DEVELOPER_NAME", "Soak Co"),
                Map.entry("PREVIEWBRIDGE_WEBHOOKS_SECRET", WEBHOOK_SECRET),
                Map.entry("PREVIEWBRIDGE_UNFURL_MAX_PER_MINUTE", "100000"),
                Map.entry(
                    "PREVIEWBRIDGE_ENCRYPTION_KEY",
                    Base64.getEncoder()
                        .encodeToString("soak-encryption-key-32-bytes-!!!".getBytes()))))
        .env("PREVIEWBRIDGE_PUBLIC_URL", micro.baseUrl())
        .deployAtContextRoot(root.resolve("target/previewbridge.war"), "/");
    // PostgreSQL by default, as in production: with the embedded H2 its page cache (up to 64 MB
    // with -Xmx1g, filled as the tables grow) lives in the server's heap and hides what
    // PreviewBridge itself keeps.
    String database = System.getProperty("database", "postgresql");
    if (database.equals("postgresql")) {
      micro
          .env(EmbeddedPostgres.shared().createDatabase().environment())
          .env("PREVIEWBRIDGE_DATABASE_EXPECTED_PRODUCT", "PostgreSQL")
          .addLibrary(PayaraMicroProcess.postgresDriver())
          .postBootCommands(root.resolve("server-config/payara-micro/postgresql.asadmin"));
    } else if (!database.equals("h2")) {
      throw new IllegalArgumentException("-Ddatabase: postgresql or h2, not " + database);
    }

    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%d cores, Java %s, %s, %d minutes; per second: %d unfurls, %d token refreshes, %d"
                + " change webhooks, %d console reads%n%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            database.equals("h2") ? "embedded H2" : "PostgreSQL (embedded binaries)",
            minutes,
            Integer.getInteger("unfurls", 60),
            Integer.getInteger("refreshes", 10),
            Integer.getInteger("webhooks", 10),
            Integer.getInteger("reads", 10)));
    try (PayaraMicroProcess server = micro.start()) {
      server.awaitReady(PayaraMicroProcess.STARTUP_TIMEOUT, "/health/ready");
      String base = server.baseUrl();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      List<Tokens> tokens = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        tokens.add(new Tokens(connect(base, peers, "ntn_soak_" + c, "ws-soak-" + c)));
      }
      for (int n = 0; n < TICKETS; n++) {
        VERSIONS.put(n, 0);
        DeliveryBenchmark.unfurl(http, base, tokens.get(n % CONNECTIONS).access, n);
      }
      HttpClient console = signedInAdmin(base);
      SignedChanges changes = new SignedChanges(http, base, WEBHOOK_SECRET);

      Kind unfurls = new Kind("POST /notion/unfurl");
      Kind refreshes = new Kind("POST /notion/token (refresh)");
      Kind webhooks = new Kind("POST /webhooks/changes");
      Kind reads = new Kind("GET /api/admin/* (console)");
      ExecutorService workers = Executors.newFixedThreadPool(48);
      ScheduledExecutorService ticks = Executors.newScheduledThreadPool(4);
      schedule(
          ticks,
          workers,
          Integer.getInteger("unfurls", 60),
          unfurls,
          () -> {
            int n = ThreadLocalRandom.current().nextInt(TICKETS);
            HttpResponse<String> r = unfurl(http, base, tokens.get(n % CONNECTIONS).access, n);
            Matcher version = VERSION.matcher(r.body());
            if (r.statusCode() != 200 || !version.find()) {
              return r.statusCode() + " " + r.body();
            }
            SHOWN.put(n, Integer.parseInt(version.group(1)));
            return null;
          });
      schedule(
          ticks,
          workers,
          Integer.getInteger("refreshes", 10),
          refreshes,
          () -> {
            Tokens t = tokens.get(ThreadLocalRandom.current().nextInt(CONNECTIONS));
            synchronized (t) {
              NotionPlayer.Tokens next =
                  new NotionPlayer(base, CLIENT_ID, CLIENT_SECRET).refresh(http, t.refresh);
              t.refresh = next.refreshToken();
              t.access = next.accessToken();
            }
            return null;
          });
      schedule(
          ticks,
          workers,
          Integer.getInteger("webhooks", 10),
          webhooks,
          () -> {
            int n = ThreadLocalRandom.current().nextInt(TICKETS);
            VERSIONS.merge(n, 1, Integer::sum);
            HttpResponse<String> r = changes.uris(List.of(DeliveryBenchmark.uri(n)));
            return r.statusCode() / 100 == 2 ? null : r.statusCode() + " " + r.body();
          });
      List<String> paths =
          List.of("/api/admin/overview", "/api/admin/previews", "/api/admin/deliveries");
      schedule(
          ticks,
          workers,
          Integer.getInteger("reads", 10),
          reads,
          () -> {
            String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
            HttpResponse<String> r =
                console.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                        .header("Accept", "application/json")
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? null : path + ": " + r.statusCode() + " " + r.body();
          });

      Map<Integer, Long> heap = new TreeMap<>();
      Instant start = Instant.now();
      long cpuAtStart = PollingBenchmark.cpuNanos(server.pid());
      for (int minute = 1; minute <= minutes; minute++) {
        Thread.sleep(
            Duration.between(Instant.now(), start.plus(Duration.ofMinutes(minute))).toMillis());
        if (minute % 5 == 0 || minute == 1 || minute == minutes) {
          heap.put(minute, heapAfterFullGc(server.pid()));
        }
        System.out.printf(
            Locale.ROOT,
            "minute %d: unfurls %d (%d failed), refreshes %d (%d), webhooks %d (%d), reads %d (%d),"
                + " PATCHes %d (%d 429, %d 503 injected), heap %s%n",
            minute,
            unfurls.sent.get(),
            unfurls.failed.get(),
            refreshes.sent.get(),
            refreshes.failed.get(),
            webhooks.sent.get(),
            webhooks.failed.get(),
            reads.sent.get(),
            reads.failed.get(),
            patches.get(),
            injected429.get(),
            injected5xx.get(),
            heap.getOrDefault(minute, -1L));
      }
      double serverCores =
          (PollingBenchmark.cpuNanos(server.pid()) - cpuAtStart)
              / (double) Duration.between(start, Instant.now()).toNanos();
      ticks.shutdownNow();
      workers.shutdown();
      workers.awaitTermination(1, TimeUnit.MINUTES);

      // nothing lost: every ticket's newest version shown by Notion, given time to settle
      Instant settleBy = Instant.now().plus(Duration.ofMinutes(5));
      long lost;
      do {
        Thread.sleep(2_000);
        lost =
            VERSIONS.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .filter(e -> !e.getValue().equals(SHOWN.get(e.getKey())))
                .count();
      } while (lost > 0 && Instant.now().isBefore(settleBy));
      long changed = VERSIONS.values().stream().filter(v -> v > 0).count();

      md.append("| Requests | Sent | Failed | p50 (ms) | p99 (ms) | First failure |\n");
      md.append("|---|---|---|---|---|---|\n");
      for (Kind kind : List.of(unfurls, refreshes, webhooks, reads)) {
        long[] nanos;
        synchronized (kind.nanos) {
          nanos = kind.nanos.stream().mapToLong(Long::longValue).toArray();
        }
        Stats stats = new Stats(kind.name, kind.sent.get(), kind.failed.get(), 1, nanos);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %.1f | %.1f | %s |%n",
                kind.name,
                kind.sent.get(),
                kind.failed.get(),
                stats.percentileMillis(50),
                stats.percentileMillis(99),
                kind.firstFailure == null ? "" : kind.firstFailure.replace("|", "/")));
      }
      md.append(
          String.format(
              Locale.ROOT,
              "%nPATCHes Notion received: %d, of which answered 429: %d, 503: %d (injected)."
                  + " Tickets changed: %d; Notion's last state (from an accepted PATCH or an unfurl"
                  + " answer) is the newest version for all but %d (lost)%s.%n%n",
              patches.get(),
              injected429.get(),
              injected5xx.get(),
              changed,
              lost,
              lostDetail()));
      md.append(
          String.format(
              Locale.ROOT,
              "Server CPU over the run: %.2f cores of %d (the load generator and WireMock share"
                  + " the same cores).%n%n",
              serverCores,
              Runtime.getRuntime().availableProcessors()));
      md.append("| Minute | Live heap after a full GC (MiB) | vs minute 5 |\n|---|---|---|\n");
      Long baseline = heap.get(5);
      heap.forEach(
          (minute, bytes) ->
              md.append(
                  String.format(
                      Locale.ROOT,
                      "| %d | %.1f | %s |%n",
                      minute,
                      bytes / 1048576.0,
                      baseline == null || baseline <= 0
                          ? "—"
                          : String.format(Locale.ROOT, "%.2f", bytes / (double) baseline))));
    } finally {
      peers.stop();
    }
    Path out = root.resolve("bench/results/soak-" + Instant.now().getEpochSecond() + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    System.out.println(md);
    System.out.println("written to " + out);
    System.exit(0);
  }

  /** Up to ten lost tickets: the tracker's version and the one Notion shows. */
  static String lostDetail() {
    String detail =
        VERSIONS.entrySet().stream()
            .filter(e -> e.getValue() > 0 && !e.getValue().equals(SHOWN.get(e.getKey())))
            .limit(10)
            .map(e -> "#" + e.getKey() + " v" + e.getValue() + " shown v" + SHOWN.get(e.getKey()))
            .collect(java.util.stream.Collectors.joining(", "));
    return detail.isEmpty() ? "" : " (" + detail + ")";
  }

  interface Call {
    /** Returns null when the answer was the expected one, else what went wrong. */
    String call() throws Exception;
  }

  static void schedule(
      ScheduledExecutorService ticks,
      ExecutorService workers,
      int perSecond,
      Kind kind,
      Call call) {
    if (perSecond <= 0) {
      return;
    }
    ticks.scheduleAtFixedRate(
        () ->
            workers.execute(
                () -> {
                  long started = System.nanoTime();
                  String failure;
                  try {
                    failure = call.call();
                  } catch (Exception e) {
                    failure = e.toString();
                  }
                  kind.record(started, failure == null, failure == null ? "" : failure);
                }),
        0,
        1_000_000 / perSecond,
        TimeUnit.MICROSECONDS);
  }

  /** Connects the demo account to a workspace of its own; both of our tokens for it. */
  static NotionPlayer.Tokens connect(
      String base, WireMockServer peers, String notionToken, String workspace) throws Exception {
    peers.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/v1/oauth/token"))
            .willReturn(
                DeliveryBenchmark.json(
                    "{\"access_token\":\""
                        + notionToken
                        + "\",\"token_type\":\"bearer\",\"bot_id\":\"bot-1\",\"workspace_id\":\""
                        + workspace
                        + "\",\"workspace_name\":\"Soak\",\"workspace_icon\":null,"
                        + "\"owner\":{\"type\":\"workspace\",\"workspace\":true},"
                        + "\"duplicated_template_id\":null}")));
    return new NotionPlayer(base, CLIENT_ID, CLIENT_SECRET).connect("demo", "demo");
  }

  static HttpResponse<String> unfurl(HttpClient http, String base, String token, int n)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/notion/unfurl"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"uri\":\"" + DeliveryBenchmark.uri(n) + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpClient signedInAdmin(String base) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(URI.create(base + "/signin?next=admin")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> after = NotionPlayer.password("admin", "admin").on(browser, page);
    if (after.statusCode() != 200) {
      throw new IllegalStateException("admin sign-in: " + after.statusCode());
    }
    return browser;
  }

  /**
   * The live heap: {@code jcmd PID GC.class_histogram} makes a full GC and counts what survived in
   * the same safepoint, so requests arriving meanwhile cannot inflate the figure (a {@code GC.run}
   * followed by a separate {@code GC.heap_info} reads tens of MB allocated in between).
   */
  static long heapAfterFullGc(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String histogram = run(jcmd.toString(), Long.toString(pid), "GC.class_histogram");
    Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
    return total.find() ? Long.parseLong(total.group(1)) : -1;
  }

  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  /** Notion's PATCH endpoint, answering 5% 429 and 5% 503; records what it accepted. */
  public static final class FlakyNotion implements ResponseDefinitionTransformerV2 {

    static final String NAME = "flaky-notion";

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
      patches.incrementAndGet();
      double roll = ThreadLocalRandom.current().nextDouble();
      if (roll < 0.05) {
        injected429.incrementAndGet();
        return ResponseDefinitionBuilder.responseDefinition()
            .withStatus(429)
            .withHeader("Retry-After", "1")
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"object\":\"error\",\"status\":429,\"code\":\"rate_limited\","
                    + "\"message\":\"Slow down\"}")
            .build();
      }
      if (roll < 0.10) {
        injected5xx.incrementAndGet();
        return ResponseDefinitionBuilder.responseDefinition()
            .withStatus(503)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"object\":\"error\",\"status\":503,\"code\":\"service_unavailable\","
                    + "\"message\":\"Try again\"}")
            .build();
      }
      String body = event.getRequest().getBodyAsString();
      Matcher ticket = TICKET.matcher(body);
      Matcher version = VERSION.matcher(body);
      if (ticket.find() && version.find()) {
        SHOWN.put(Integer.parseInt(ticket.group(1)), Integer.parseInt(version.group(1)));
      }
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody("{}")
          .build();
    }
  }

  private SoakBenchmark() {}
}
