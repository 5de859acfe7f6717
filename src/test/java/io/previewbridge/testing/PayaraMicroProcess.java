package io.previewbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Payara Micro process, started with {@link ProcessBuilder} the way the README and
 * server-config/ tell an admin to ({@code java -jar payara-micro.jar --deploy ...}), for system
 * tests that need what Arquillian cannot give: a PostgreSQL pool from a post-boot command file, two
 * WARs in one server, or a process that is killed and started again on the same port and database.
 *
 * <p>A {@link Builder} holds the whole command line and environment, so {@link Builder#start()} can
 * be called again after {@link #kill()} to restart the same server. Each start gets its own Micro
 * root directory and log file under the builder's work directory (inside {@code target/}), so a
 * killed process leaves nothing in {@code /tmp} and every run's log stays readable.
 *
 * <p>The process started is the {@code java} of the test JVM itself, not a shell, so {@link
 * #kill()} (SIGKILL) hits the server and nothing else.
 */
public final class PayaraMicroProcess implements AutoCloseable {

  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PayaraMicroProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The built Payara Micro jar ({@code target/runtime/payara-micro.jar}). */
  public static Path microJar() {
    return Path.of(System.getProperty("payara.microJar", "target/runtime/payara-micro.jar"));
  }

  /** The PostgreSQL driver the build copies beside the Micro jar, for {@code --addlibs}. */
  public static Path postgresDriver() {
    return microJar().resolveSibling("postgresql.jar");
  }

  public static Path previewBridgeWar() {
    return Path.of(System.getProperty("previewbridge.war", "target/previewbridge.war"));
  }

  public static Path simulatorWar() {
    return Path.of(System.getProperty("simulator.war", "target/simulator.war"));
  }

  /** A port free on 127.0.0.1 right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything needed to start (and start again) one Payara Micro server. */
  public static final class Builder {

    private final String name;
    private final AtomicInteger starts = new AtomicInteger();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
    private final List<String> microOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Path> required = new ArrayList<>();
    private int port = freePort();
    private Path workDirectory;

    /** What every PreviewBridge on Payara Micro needs before boot; a test may pass its own. */
    private Path preBootCommands = Path.of("server-config/payara-micro/http.asadmin");

    private Builder(String name) {
      this.name = name;
      required.add(microJar());
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public int port() {
      return port;
    }

    /** {@code http://localhost:PORT}. */
    public String baseUrl() {
      return "http://localhost:" + port;
    }

    /** A JVM option ({@code -Dkey=value}, {@code -Xmx...}). */
    public Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    public Builder systemProperty(String key, String value) {
      return jvmOption("-D" + key + "=" + value);
    }

    /** Payara Micro options after {@code -jar payara-micro.jar}, e.g. {@code --addlibs x.jar}. */
    public Builder microOptions(String... options) {
      microOptions.addAll(List.of(options));
      return this;
    }

    /** {@code --addlibs FILE}, checked to exist at start. */
    public Builder addLibrary(Path jar) {
      required.add(jar);
      return microOptions("--addlibs", jar.toString());
    }

    /** {@code --postbootcommandfile FILE}, checked to exist at start. */
    public Builder postBootCommands(Path file) {
      required.add(file);
      return microOptions("--postbootcommandfile", file.toString());
    }

    /**
     * {@code --prebootcommandfile FILE} instead of {@code http.asadmin} (Micro takes one), checked
     * to exist at start.
     */
    public Builder preBootCommands(Path file) {
      preBootCommands = file;
      return this;
    }

    /**
     * {@code --deploy WAR --contextroot ROOT}, as the README deploys PreviewBridge at {@code /}.
     */
    public Builder deployAtContextRoot(Path war, String contextRoot) {
      required.add(war);
      return microOptions("--deploy", war.toString(), "--contextroot", contextRoot);
    }

    /** {@code --deploy WAR:/root}, how the demo deploys a second WAR beside the first. */
    public Builder deploy(Path war, String contextRoot) {
      required.add(war);
      return microOptions("--deploy", war + ":" + contextRoot);
    }

    /**
     * An environment variable of the server. The test JVM's own {@code PREVIEWBRIDGE_*} and {@code
     * SIMULATOR_*} variables are never passed on, so only what a test sets here configures it.
     */
    public Builder env(String key, String value) {
      environment.put(key, value);
      return this;
    }

    public Builder env(Map<String, String> values) {
      environment.putAll(values);
      return this;
    }

    /** Where logs and Micro root directories go; default a new directory under {@code target/}. */
    public Builder workDirectory(Path directory) {
      this.workDirectory = directory;
      return this;
    }

    public Path workDirectory() {
      if (workDirectory == null) {
        try {
          Files.createDirectories(Path.of("target"));
          workDirectory = Files.createTempDirectory(Path.of("target"), name + "-");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return workDirectory;
    }

    /** Launches the server (without waiting for it: see {@link #awaitReady}). */
    public PayaraMicroProcess start() throws IOException {
      for (Path file : required) {
        if (!Files.isRegularFile(file)) {
          throw new IllegalStateException(
              file
                  + " does not exist: it is built by `mvn package` (run this test with `mvn"
                  + " verify`)");
        }
      }
      int run = starts.incrementAndGet();
      Path work = workDirectory();
      Path log = work.resolve("payara-micro-" + run + ".log");
      Path root = work.resolve("micro-root-" + run);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(
          List.of(
              "-jar",
              microJar().toString(),
              "--nocluster",
              "--rootdir",
              root.toString(),
              "--port",
              Integer.toString(port)));
      if (!Files.isRegularFile(preBootCommands)) {
        throw new IllegalStateException(preBootCommands + " does not exist");
      }
      command.addAll(List.of("--prebootcommandfile", preBootCommands.toString()));
      command.addAll(microOptions);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(k -> k.startsWith("PREVIEWBRIDGE_") || k.startsWith("SIMULATOR_"));
      env.putAll(environment);
      return new PayaraMicroProcess(builder.start(), port, log);
    }
  }

  public int port() {
    return port;
  }

  /** {@code http://localhost:PORT}. */
  public String baseUrl() {
    return "http://localhost:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /**
   * Waits until every path answers 200 (a 404 means the WAR is not deployed yet, a 503 that a
   * readiness check is down), failing at once if the process exits or a deployment fails. Returns
   * the last answer of the first path.
   */
  public HttpResponse<String> awaitReady(Duration timeout, String path, String... morePaths)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> paths = new ArrayList<>(List.of(path));
    paths.addAll(List.of(morePaths));
    String last = "none";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("Payara Micro exited with " + process.exitValue() + logTail());
      }
      if (logContains("Exception while loading the app")) {
        throw new AssertionError("A WAR failed to deploy" + logTail());
      }
      HttpResponse<String> first = null;
      boolean allOk = true;
      StringBuilder seen = new StringBuilder();
      for (String p : paths) {
        try {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + p))
                      .timeout(Duration.ofSeconds(5))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          first = first == null ? response : first;
          seen.append(p).append(' ').append(response.statusCode()).append("; ");
          allOk &= response.statusCode() == 200;
        } catch (IOException notListeningYet) {
          seen.append(p).append(" not listening; ");
          allOk = false;
        }
        if (!allOk) {
          break;
        }
      }
      last = seen.toString();
      if (allOk) {
        return first;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "Not ready after " + timeout.toSeconds() + " s (last: " + last + ")" + logTail());
  }

  public HttpResponse<String> awaitReady() throws InterruptedException {
    return awaitReady(STARTUP_TIMEOUT, "/health/ready");
  }

  /**
   * SIGKILL, as a crash or an OOM killer would: no shutdown hook, no transaction completion.
   * Returns once the process (and any child it started) is gone and its port is closed.
   */
  public void kill() throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly(); // SIGKILL on Linux
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("Payara Micro (pid " + process.pid() + ") survived SIGKILL");
    }
    for (ProcessHandle child : descendants) {
      child.destroyForcibly();
      child.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }
    awaitPortClosed();
  }

  /** SIGTERM (Micro deletes its runtime files on the way out), then SIGKILL after 30 s. */
  public void stop() throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  /** Exit code; 137 (128 + 9) after {@link #kill()}. */
  public int exitValue() {
    return process.exitValue();
  }

  private void awaitPortClosed() throws InterruptedException {
    awaitPortClosed(port, Duration.ofSeconds(30));
  }

  /** Waits until nothing accepts connections on {@code port} of the loopback address any more. */
  public static void awaitPortClosed(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      } catch (IOException closed) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Port " + port + " still accepts connections");
  }

  public boolean logContains(String text) {
    try {
      return logText().contains(text);
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  public String logText() {
    try {
      // Lenient decoding: a stray byte in the server's output must not hide the rest of it.
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A JUnit extension that prints the end of the server's log when a test fails, for test classes
   * that keep their server in a field ({@code @RegisterExtension final TestWatcher logOnFailure =
   * PayaraMicroProcess.logOnFailure(() -> micro);}).
   */
  public static org.junit.jupiter.api.extension.TestWatcher logOnFailure(
      java.util.function.Supplier<PayaraMicroProcess> server) {
    return new org.junit.jupiter.api.extension.TestWatcher() {
      @Override
      public void testFailed(
          org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
        PayaraMicroProcess micro = server.get();
        if (micro != null) {
          System.err.println(micro.logTail(200));
        }
      }
    };
  }

  /** The last 150 lines of the server's output, to append to a failure message. */
  public String logTail() {
    return logTail(150);
  }

  public String logTail(int lineCount) {
    try {
      List<String> lines = logText().lines().toList();
      return "\n--- Payara Micro log ("
          + log
          + ") ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - lineCount), lines.size()));
    } catch (UncheckedIOException e) {
      return "\n(no log: " + e + ")";
    }
  }
}
