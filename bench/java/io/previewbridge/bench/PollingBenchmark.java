package io.previewbridge.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.testing.PostgresRig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Issue 4's polling benchmark: what change detection costs the server, with 10,000 and 100,000
 * tracked previews on PostgreSQL checked on a 5-minute cycle.
 *
 * <p>The real WAR runs on a Payara Micro process on the embedded PostgreSQL, configured as
 * server-config/ says ({@link PostgresRig}), with WireMock on loopback as the company's tracker:
 * every ticket answers the same JSON at once, and the source maps nothing that depends on the
 * ticket number, so every preview has the same attributes and no check finds a change (polling
 * cost, not delivery cost). The source's refresh is fixed at {@code cycle} (PT5M) so that every
 * preview is checked once per cycle, the case the goal names; the adaptive schedule would check
 * unchanged previews less often.
 *
 * <p>One preview is connected and unfurled the way Notion does it; the rest are copies of its row
 * written with SQL, not yet due. Then, for each size:
 *
 * <ol>
 *   <li><b>idle</b> (baseline): the server with that many previews, none due: timers, heartbeats
 *       and the due query that finds nothing;
 *   <li><b>paced</b>: every preview's next check spread at random over one cycle, so checks come
 *       due at the rate a steady 5-minute cycle makes (size / 300 per second); after a warm-up, the
 *       server's CPU over the window, the checks made (rows whose {@code last_checked_at} moved
 *       into the window), and how far behind the checks are at the end (previews overdue).
 * </ol>
 *
 * Before the first size, a <b>burst</b>: every preview due at once, as a warm-up (a server that has
 * run a while has JIT-compiled the check's path; before that, the compiler threads use more CPU
 * than the checks) and to show the most checks per second one node makes.
 *
 * <p>Last, the <b>unfurl</b> baseline: {@code unfurls} unfurls of new tickets (4 at a time, the
 * number of check lanes), each doing the fetch and mapping a check does plus Notion's request
 * handling; its CPU per 1,000 is the yardstick for a check's.
 *
 * <p>Server CPU is the Payara Micro process's ({@link ProcessHandle.Info#totalCpuDuration}, user +
 * system, all threads); the PostgreSQL backends serving the server's connections are reported
 * beside it. The benchmark process (WireMock as upstream, this loop) is not counted: "upstream
 * excluded".
 *
 * <p>System properties: {@code sizes} (10000,100000), {@code cycle} (PT5M), {@code idle} (s, 30),
 * {@code warmup} (s, 20), {@code window} (s, 60), {@code unfurls} (2000); {@code batchSize}, {@code
 * interval}, {@code concurrency}, {@code lease} set the server's {@code previewbridge.tracking.*}
 * (defaults: the product's, 20, PT5S, 4, PT1M); {@code serverJvmOptions} adds JVM options to the
 * server (space-separated), to profile it with JFR, say.
 */
public final class PollingBenchmark {

  static final String SOURCE_ID = "ticket";

  record Sample(long serverCpuNanos, long databaseCpuNanos, Instant at) {}

  record Measured(
      String phase,
      int tracked,
      double seconds,
      long checks,
      double serverCpuSeconds,
      double databaseCpuSeconds,
      String notes) {

    double cores() {
      return serverCpuSeconds / seconds;
    }

    double cpuMillisPer1000() {
      return checks == 0 ? Double.NaN : serverCpuSeconds * 1000 / checks * 1000;
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String size : System.getProperty("sizes", "10000,100000").split(",")) {
      sizes.add(Integer.parseInt(size.trim()));
    }
    Duration cycle = Duration.parse(System.getProperty("cycle", "PT5M"));
    int idleSeconds = Integer.getInteger("idle", 30);
    int warmupSeconds = Integer.getInteger("warmup", 20);
    int windowSeconds = Integer.getInteger("window", 60);
    int unfurls = Integer.getInteger("unfurls", 2000);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("PREVIEWBRIDGE_TRACKING_BATCH_SIZE", System.getProperty("batchSize", "20"));
    env.put("PREVIEWBRIDGE_TRACKING_INTERVAL", System.getProperty("interval", "PT5S"));
    env.put("PREVIEWBRIDGE_TRACKING_CONCURRENCY", System.getProperty("concurrency", "4"));
    env.put("PREVIEWBRIDGE_TRACKING_LEASE", System.getProperty("lease", "PT1M"));
    env.put("PREVIEWBRIDGE_DELIVERY_INTERVAL", "PT2S");
    // every unfurl of the baseline fetches, as every check does
    env.put("PREVIEWBRIDGE_FETCH_CACHE_TTL", "PT0S");

    Path root = LoadBenchmark.projectRoot();
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%d cores, Java %s, load average at start %.2f; tracking batch %s, interval %s,"
                + " concurrency %s, lease %s; cycle %s%n%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(),
            env.get("PREVIEWBRIDGE_TRACKING_BATCH_SIZE"),
            env.get("PREVIEWBRIDGE_TRACKING_INTERVAL"),
            env.get("PREVIEWBRIDGE_TRACKING_CONCURRENCY"),
            env.get("PREVIEWBRIDGE_TRACKING_LEASE"),
            cycle));

    List<Measured> results = new ArrayList<>();
    try (PostgresRig rig =
        new PostgresRig(
            "polling-bench",
            env,
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(32)
                .disableRequestJournal())) {
      rig.server.jvmOption("-Xmx1g");
      for (String option : System.getProperty("serverJvmOptions", "").split(" ")) {
        if (!option.isBlank()) {
          rig.server.jvmOption(option); // e.g. -XX:StartFlightRecording=... to profile the server
        }
      }
      rig.peers.stubFor(
          get(urlPathMatching("/tickets/\\d+"))
              .willReturn(
                  AcmeTracker.json(
                      "{\"title\":\"A ticket\",\"state\":\"open\","
                          + "\"updated_at\":\"2026-11-20T10:15:00Z\","
                          + "\"body\":\"Reported by support.\"}")));
      Files.writeString(rig.sources, sourcesJson(rig, cycle), StandardCharsets.UTF_8);
      DataSource database = rig.database.dataSource();

      PayaraMicroProcess server = rig.start();
      NotionPlayer.Tokens tokens = rig.connect(server);
      rig.unfurl(server, tokens.accessToken(), AcmeTracker.uri(1));
      String seed = single(database, "SELECT id FROM tracked_preview");

      int tracked = 1;
      for (int size : sizes) {
        seed(database, seed, tracked + 1, size);
        tracked = size;
        execute(database, "ANALYZE tracked_preview");
        if (results.isEmpty()) {
          results.add(burst(server, database, tracked));
        }
        log("%d tracked previews, none due", tracked);
        Thread.sleep(5_000);

        Instant idleStart = Instant.now();
        Sample before = sample(server, database);
        Thread.sleep(idleSeconds * 1000L);
        Sample after = sample(server, database);
        results.add(
            measured(
                "idle (baseline): none due",
                tracked,
                before,
                after,
                checkedSince(database, idleStart),
                ""));

        execute(
            database,
            "UPDATE tracked_preview SET next_check_at = now() + random() * interval '"
                + cycle.toSeconds()
                + " seconds'");
        log("spread over %s; warming up %d s", cycle, warmupSeconds);
        Thread.sleep(warmupSeconds * 1000L);
        Instant windowStart = Instant.now();
        before = sample(server, database);
        Thread.sleep(windowSeconds * 1000L);
        after = sample(server, database);
        long checks = checkedSince(database, windowStart);
        long overdue =
            count(
                database,
                "SELECT count(*) FROM tracked_preview WHERE next_check_at < now() - interval '"
                    + Math.max(
                        5,
                        Duration.parse(env.get("PREVIEWBRIDGE_TRACKING_INTERVAL")).toSeconds() * 2)
                    + " seconds'");
        String oldest =
            single(
                database,
                "SELECT coalesce(extract(epoch FROM now() - min(next_check_at))::int, 0)"
                    + " FROM tracked_preview WHERE next_check_at < now()");
        long errors =
            count(database, "SELECT count(*) FROM tracked_preview WHERE last_error IS NOT NULL");
        long deliveries = count(database, "SELECT count(*) FROM delivery");
        double expected = (double) tracked * windowSeconds / cycle.toSeconds();
        results.add(
            measured(
                "paced: one cycle of " + cycle,
                tracked,
                before,
                after,
                checks,
                String.format(
                    Locale.ROOT,
                    "expected ≈ %.0f checks; at the end %d overdue (oldest due %s s ago); %d with"
                        + " an error; %d deliveries",
                    expected,
                    overdue,
                    oldest,
                    errors,
                    deliveries)));
        execute(database, "UPDATE tracked_preview SET next_check_at = now() + interval '1 day'");
      }

      log("unfurl baseline: %d unfurls", unfurls);
      Thread.sleep(5_000);
      AtomicInteger next = new AtomicInteger(2_000_000);
      Sample before = sample(server, database);
      ExecutorService workers = Executors.newFixedThreadPool(4);
      List<Future<?>> running = new ArrayList<>();
      AtomicInteger left = new AtomicInteger(unfurls);
      for (int w = 0; w < 4; w++) {
        running.add(
            workers.submit(
                () -> {
                  while (left.getAndDecrement() > 0) {
                    rig.unfurl(
                        server, tokens.accessToken(), AcmeTracker.uri(next.getAndIncrement()));
                  }
                  return null;
                }));
      }
      for (Future<?> worker : running) {
        worker.get();
      }
      workers.shutdown();
      Sample after = sample(server, database);
      results.add(
          measured(
              "unfurl (baseline): POST /notion/unfurl of a new ticket",
              tracked,
              before,
              after,
              unfurls,
              "4 at a time, as fast as answered"));
    }

    md.append(table(results));
    System.out.println(md);
    Path out = root.resolve("bench/results");
    Files.createDirectories(out);
    Files.writeString(out.resolve("polling-" + Instant.now().getEpochSecond() + ".md"), md);
  }

  /**
   * Every preview due at once, checked as fast as the server can: warms the server up (the JIT
   * compiles the check's path; a server that has run for a while has done so) and shows the most
   * checks per second one node makes.
   */
  static Measured burst(PayaraMicroProcess server, DataSource database, int tracked)
      throws Exception {
    log("burst: all %d previews due at once (warm-up)", tracked);
    Instant start = Instant.now();
    Sample before = sample(server, database);
    execute(database, "UPDATE tracked_preview SET next_check_at = now()");
    Instant deadline = start.plus(Duration.ofMinutes(10));
    while (checkedSince(database, start) < tracked && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    Sample after = sample(server, database);
    long checks = checkedSince(database, start);
    execute(database, "UPDATE tracked_preview SET next_check_at = now() + interval '1 day'");
    return measured(
        "burst (warm-up): all due at once, as fast as checked",
        tracked,
        before,
        after,
        checks,
        checks < tracked ? "not all checked within 10 minutes" : "the node's most checks/s");
  }

  /** The ticket source without anything that depends on the ticket: one state for all. */
  static String sourcesJson(PostgresRig rig, Duration cycle) {
    String fixed =
        "\"refresh\": \"%s\", \"refreshMin\": \"%s\", \"refreshMax\": \"%s\""
            .formatted(cycle, cycle, cycle);
    String json =
        rig.tracker
            .sourcesJson(PostgresRig.DEVELOPER)
            .replace("\"refresh\": \"PT1S\"", fixed)
            .replaceAll("\\s*\\{ \"id\": \"number\".*\\},", "");
    if (json.contains("\"number\"") || !json.contains(fixed)) {
      throw new IllegalStateException("the tracker's sources changed shape: " + json);
    }
    return json;
  }

  /** Copies of the seed's row for tickets {@code from..to}, not due for a day. */
  static void seed(DataSource database, String seed, int from, int to) throws SQLException {
    if (from > to) {
      return;
    }
    long started = System.nanoTime();
    try (Connection connection = database.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO tracked_preview (id, connection_id, uri, source_id, status,"
                    + " attributes, content_hash, created_at, last_unfurled_at, last_checked_at,"
                    + " last_changed_at, next_check_at, version)"
                    + " SELECT gen_random_uuid()::text, t.connection_id,"
                    + " 'https://tracker.acme.test/tickets/' || (1000000 + g), t.source_id,"
                    + " t.status, t.attributes, t.content_hash, now() - interval '2 days',"
                    + " now() - interval '1 day', now() - interval '1 hour',"
                    + " now() - interval '2 days', now() + interval '1 day', 0"
                    + " FROM tracked_preview t, generate_series(?, ?) g WHERE t.id = ?")) {
      insert.setInt(1, from);
      insert.setInt(2, to);
      insert.setString(3, seed);
      int rows = insert.executeUpdate();
      log("seeded %d rows in %d ms", rows, (System.nanoTime() - started) / 1_000_000);
    }
  }

  static Measured measured(
      String phase, int tracked, Sample before, Sample after, long checks, String notes) {
    return new Measured(
        phase,
        tracked,
        Duration.between(before.at(), after.at()).toMillis() / 1000.0,
        checks,
        (after.serverCpuNanos() - before.serverCpuNanos()) / 1e9,
        (after.databaseCpuNanos() - before.databaseCpuNanos()) / 1e9,
        notes);
  }

  /**
   * The server's CPU so far, and that of the PostgreSQL backends serving its connections (the
   * backends alive now; one that ended since the last sample takes its CPU with it).
   */
  static Sample sample(PayaraMicroProcess server, DataSource database) throws SQLException {
    long serverCpu = cpuNanos(server.pid());
    long databaseCpu = 0;
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet backends =
            statement.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid()")) {
      while (backends.next()) {
        databaseCpu += cpuNanos(backends.getLong(1));
      }
    }
    return new Sample(serverCpu, databaseCpu, Instant.now());
  }

  static long cpuNanos(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(0L);
  }

  static long checkedSince(DataSource database, Instant since) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM tracked_preview WHERE last_checked_at >= ?")) {
      query.setObject(1, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  static long count(DataSource database, String sql) throws SQLException {
    return Long.parseLong(single(database, sql));
  }

  static String single(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      if (!rows.next()) {
        throw new IllegalStateException("no row: " + sql);
      }
      return rows.getString(1);
    }
  }

  static void execute(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static String table(List<Measured> results) {
    Measured unfurl = results.get(results.size() - 1);
    StringBuilder md = new StringBuilder();
    md.append(
        "| Phase | Tracked | Seconds | Checks (unfurls) | Per second | Server CPU (s) | Server"
            + " cores | Server CPU per 1,000 (ms) | vs unfurl per 1,000 | PostgreSQL backends CPU"
            + " (s) | Notes |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Measured m : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %d | %.1f | %.2f | %.3f | %s | %s | %.2f | %s |%n",
              m.phase(),
              m.tracked(),
              m.seconds(),
              m.checks(),
              m.checks() / m.seconds(),
              m.serverCpuSeconds(),
              m.cores(),
              m.checks() == 0 ? "–" : String.format(Locale.ROOT, "%.0f", m.cpuMillisPer1000()),
              m.checks() == 0
                  ? "–"
                  : String.format(
                      Locale.ROOT, "%.2f", m.cpuMillisPer1000() / unfurl.cpuMillisPer1000()),
              m.databaseCpuSeconds(),
              m.notes()));
    }
    return md.toString();
  }

  static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[polling-bench] " + format + "%n", args);
  }
}
