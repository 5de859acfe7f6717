package io.previewbridge.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The WAR under benchmark, on a real Payara Micro process started as the README tells admins. */
final class PayaraMicro implements AutoCloseable {

  private final Process process;
  final int port;
  final Path log;

  private PayaraMicro(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static PayaraMicro start(Path microJar, Path war, Map<String, String> env, Path workDir)
      throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-jar");
    command.add(microJar.toString());
    command.addAll(
        List.of(
            "--nocluster",
            "--port",
            String.valueOf(port),
            "--deploy",
            war.toString(),
            "--contextroot",
            "/"));
    Path log = workDir.resolve("payara-micro.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("PREVIEWBRIDGE_PUBLIC_URL", "http://127.0.0.1:" + port);
    PayaraMicro micro = new PayaraMicro(builder.start(), port, log);
    micro.awaitReady(Duration.ofMinutes(3));
    return micro;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady(Duration timeout) throws InterruptedException, IOException {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Payara Micro exited; see " + log);
      }
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(base() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("Payara Micro was not ready in " + timeout + "; see " + log);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
