package io.previewbridge.bench;

import io.previewbridge.servers.AppServer;
import io.previewbridge.servers.PayaraMicroServer;
import io.previewbridge.servers.PayaraServerDomain;
import io.previewbridge.servers.ServerSetup;
import io.previewbridge.servers.WildFlyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Issue 13's start-up benchmark: for each server, the time from the start command to {@code
 * /health/ready} = 200 (with the WAR: and PreviewBridge answering), and the resident memory of the
 * server's JVM 10 s after that, with PreviewBridge deployed (the subject) and without it (the
 * baseline: the same server, installed the same way, with nothing deployed), in one run. Each
 * server is installed as the servers' tier installs it (server-config/ scripts, PostgreSQL from the
 * embedded binaries), then started {@code -Druns=3} times each way, alternating; medians are
 * reported with the ratio subject / baseline.
 *
 * <p>{@code mvn -Pbench,servers -DskipTests verify exec:java
 * -Dexec.mainClass=io.previewbridge.bench.StartupBenchmark} ({@code -Dservers.only=micro} for one
 * server).
 */
public final class StartupBenchmark {

  record Sample(double seconds, long residentKib) {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("runs", 3);
    String only = System.getProperty("servers.only", "").toLowerCase(Locale.ROOT);
    List<Function<Path, AppServer>> kinds =
        List.of(PayaraMicroServer::new, PayaraServerDomain::new, WildFlyServer::new);
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "| Server | ready, bare (s) | ready, with PreviewBridge (s) | ratio | RSS bare (MB) |"
                + " RSS with PreviewBridge (MB) | ratio |"));
    report.add("|---|---|---|---|---|---|---|");
    for (Function<Path, AppServer> kind : kinds) {
      String name = kind.apply(Files.createTempDirectory("probe")).name();
      if (!name.toLowerCase(Locale.ROOT).contains(only)) {
        continue;
      }
      Path subjectWork = ServerSetup.workDirectory(name + "-bench");
      Path baselineWork = ServerSetup.workDirectory(name + "-bench-bare");
      try (ServerSetup setup = new ServerSetup(subjectWork);
          AppServer subject = kind.apply(subjectWork);
          AppServer baseline = kind.apply(baselineWork).withoutApplication()) {
        subject.env(setup.environment(subject));
        baseline.env(setup.environment(baseline));
        System.out.println("Installing " + name + " twice (with and without PreviewBridge)");
        subject.install();
        baseline.install();
        List<Sample> withApp = new ArrayList<>();
        List<Sample> bare = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
          bare.add(measure(baseline));
          withApp.add(measure(subject));
          System.out.printf(
              Locale.ROOT,
              "%s run %d: bare %s, with PreviewBridge %s%n",
              name,
              run + 1,
              bare.get(run),
              withApp.get(run));
        }
        double bareSeconds = median(bare.stream().map(Sample::seconds).toList());
        double appSeconds = median(withApp.stream().map(Sample::seconds).toList());
        double bareMb = median(bare.stream().map(s -> s.residentKib() / 1024.0).toList());
        double appMb = median(withApp.stream().map(s -> s.residentKib() / 1024.0).toList());
        report.add(
            String.format(
                Locale.ROOT,
                "| %s | %.1f | %.1f | %.2f | %.0f | %.0f | %.2f |",
                name,
                bareSeconds,
                appSeconds,
                appSeconds / bareSeconds,
                bareMb,
                appMb,
                appMb / bareMb));
      }
    }
    System.out.println();
    System.out.println(
        "Start-up, median of "
            + runs
            + " starts each ("
            + Runtime.getRuntime().availableProcessors()
            + " cores):");
    report.forEach(System.out::println);
    System.exit(0);
  }

  /** One start: seconds until ready, then the JVM's resident set 10 s later; then a stop. */
  static Sample measure(AppServer server) throws Exception {
    long started = System.nanoTime();
    server.start();
    double seconds = (System.nanoTime() - started) / 1e9;
    Thread.sleep(Duration.ofSeconds(10).toMillis());
    long pid = server.jvmPid().orElseThrow(() -> new IllegalStateException("no JVM"));
    long rss = residentKib(pid);
    server.stop();
    return new Sample(seconds, rss);
  }

  /** VmRSS of a process, from /proc (Linux). */
  static long residentKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("No VmRSS for " + pid);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
