package io.previewbridge.servers;

import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One application server with the built WAR deployed, installed and configured the way the README's
 * "Deploying" section and server-config/ tell an admin to: what {@link SameWarOnEveryServerIT}
 * plays the Notion loop against, whichever server it is. A server is installed once ({@link
 * #install}), then started, killed with SIGKILL, stopped and started again on the same files and
 * database; {@link #setConfigProperty} changes a setting with the server's own command, for the
 * next start.
 *
 * <p>Every setting of PreviewBridge reaches the server as environment variables of the server
 * process ({@link #env}), the way all three servers read MicroProfile Config; the test JVM's own
 * {@code PREVIEWBRIDGE_*} variables are never passed on.
 */
public abstract class AppServer implements AutoCloseable {

  static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

  /** The project's directory: server-config/ scripts and target/ paths are relative to it. */
  static final Path PROJECT = Path.of("").toAbsolutePath();

  protected final Path work;
  protected final Map<String, String> environment = new LinkedHashMap<>();
  protected final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private int commands;

  /** False for a bare server (a benchmark's baseline): installed and started without the WAR. */
  protected boolean withApplication = true;

  protected AppServer(Path work) {
    this.work = work;
  }

  /** "Payara Micro", "Payara Server", "WildFly". */
  public abstract String name();

  /** Where Notion and people reach PreviewBridge: {@code http://localhost:PORT}. */
  public abstract String baseUrl();

  /** The MicroProfile Health readiness URL, where this server serves it. */
  public abstract URI readinessUrl();

  /** The liveness URL: beside readiness on every server. */
  public URI livenessUrl() {
    return readinessUrl().resolve("/health/live");
  }

  /** Where this server serves metrics (Payara: MP Metrics; WildFly: its own, on management). */
  public URI metricsUrl() {
    return readinessUrl().resolve("/metrics");
  }

  /**
   * Unpacks and configures the server, deploys the WAR; does not start it (some servers start
   * during configuration and are stopped again).
   */
  public abstract void install() throws Exception;

  /** Starts the server and waits until PreviewBridge is ready. */
  public abstract void start() throws Exception;

  /** SIGKILL of the server's JVM: no shutdown, nothing flushed. */
  public abstract void kill() throws Exception;

  /** An orderly stop. */
  public abstract void stop() throws Exception;

  /**
   * Sets a MicroProfile Config property with the server's own command (asadmin, jboss-cli, a boot
   * command file); it takes effect at the next start.
   */
  public abstract void setConfigProperty(String key, String value) throws Exception;

  /** The server's log, as far as it has been written. */
  public abstract Path log();

  /** The PID of the server's JVM, while it runs. */
  public abstract Optional<Long> pid();

  /** The bare server, for a baseline: {@link #install} leaves the WAR out. */
  public AppServer withoutApplication() {
    withApplication = false;
    return this;
  }

  /** The PID of the server's JVM (not of a launch script), while it runs. */
  public Optional<Long> jvmPid() {
    return pid();
  }

  public AppServer env(Map<String, String> values) {
    environment.putAll(values);
    return this;
  }

  /** The environment a server process (or a command that starts one) gets. */
  protected void applyEnvironment(ProcessBuilder builder) {
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("PREVIEWBRIDGE_") || k.startsWith("SIMULATOR_"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.putAll(environment);
  }

  /**
   * Runs one of the server's own commands ({@code asadmin ...}, {@code jboss-cli.sh ...}) in the
   * project directory with the server's environment, and fails with its output unless it exits 0.
   */
  protected String command(Duration timeout, String... command) throws Exception {
    Path output = work.resolve("command-" + (++commands) + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(PROJECT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    applyEnvironment(builder);
    Process process = builder.start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command) + " did not finish in " + timeout + "\n" + read(output));
    }
    String text = read(output);
    if (process.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited with " + process.exitValue() + "\n" + text);
    }
    return text;
  }

  /**
   * Waits until the readiness URL answers 200 and PreviewBridge answers at its own port, failing at
   * once if {@code alive} says the server process is gone.
   */
  protected void awaitReady(java.util.function.BooleanSupplier alive) throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "nothing yet";
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new AssertionError(name() + " exited while starting" + logTail(150));
      }
      try {
        HttpResponse<String> health = get(readinessUrl());
        last = "readiness " + health.statusCode();
        // A bare Payara (nothing deployed) serves no health endpoint at all: its HTTP port
        // answering is all there is to wait for.
        if (!withApplication && (health.statusCode() == 200 || health.statusCode() == 404)) {
          return;
        }
        HttpResponse<String> app = get(URI.create(baseUrl() + "/notion/unfurl"));
        last += ", /notion/unfurl " + app.statusCode();
        // The unfurl endpoint is POST only: 405 means the WAR is deployed and routing.
        if (health.statusCode() == 200 && app.statusCode() == 405) {
          return;
        }
      } catch (IOException notListeningYet) {
        last = "not listening (" + notListeningYet.getClass().getSimpleName() + ")";
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        name() + " not ready after " + READY_TIMEOUT + " (last: " + last + ")" + logTail(150));
  }

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** SIGKILL of {@code pid} and everything it started; returns when it is gone. */
  protected static void killProcessTree(long pid) {
    ProcessHandle.of(pid)
        .ifPresent(
            process -> {
              List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
              tree.add(0, process);
              tree.forEach(ProcessHandle::destroyForcibly);
              tree.forEach(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            });
  }

  /** Waits until nothing accepts connections on {@code port} any more. */
  protected static void awaitPortClosed(int port) throws InterruptedException {
    io.previewbridge.testing.PayaraMicroProcess.awaitPortClosed(port, Duration.ofSeconds(60));
  }

  /** Whether every one of these ports is free on the loopback address now. */
  protected static boolean free(int... ports) {
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  public String logTail(int lines) {
    List<String> all = read(log()).lines().toList();
    return "\n--- "
        + name()
        + " log ("
        + log()
        + ") ---\n"
        + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  public String logText() {
    return read(log());
  }

  /** Every start's log so far (the files of this work directory whose name ends in .log). */
  public String allLogsText() throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.walk(work, 1)) {
      files
          .filter(f -> f.getFileName().toString().matches("(wildfly|payara-micro)-\\d+\\.log"))
          .sorted()
          .forEach(f -> all.append(read(f)));
    }
    if (log() != null && !log().getParent().equals(work)) {
      all.append(read(log())); // a server that keeps one log of its own (Payara Server's)
    }
    return all.toString();
  }

  static String read(Path file) {
    try {
      return file != null && Files.exists(file)
          ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
          : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (pid().isPresent()) {
      stop();
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
