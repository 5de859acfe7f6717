package io.previewbridge.servers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WildFly from its full distribution, on {@code standalone-microprofile.xml} with Hibernate as the
 * JPA provider, configured with the jboss-cli scripts in {@code server-config/wildfly/} exactly as
 * the README runs them, and started with {@code bin/standalone.sh}. All ports are moved by one
 * {@code jboss.socket.binding.port-offset}; MicroProfile Health is on the management port.
 */
public final class WildFlyServer extends AppServer {

  static final String CONFIG = "standalone-microprofile.xml";

  private Path home;
  private final int offset;
  private Process launcher;
  private int starts;
  private Path log;

  public WildFlyServer(Path work) {
    super(work);
    offset = freeOffset();
  }

  @Override
  public String name() {
    return ("WildFly " + System.getProperty("wildfly.version", "")).trim();
  }

  @Override
  public String baseUrl() {
    return "http://localhost:" + (8080 + offset);
  }

  int managementPort() {
    return 9990 + offset;
  }

  @Override
  public URI readinessUrl() {
    return URI.create("http://localhost:" + managementPort() + "/health/ready");
  }

  @Override
  public void install() throws Exception {
    home = Distributions.unpack(Distributions.zip("wildfly.zip"), work);
    cli("--file=server-config/wildfly/previewbridge.cli");
    cli("--file=server-config/wildfly/postgresql.cli");
    if (withApplication) {
      cli("--file=server-config/wildfly/deploy.cli");
    }
  }

  /** jboss-cli.sh with these arguments, from the project directory, as the README runs it. */
  String cli(String... arguments) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(home.resolve("bin/jboss-cli.sh").toString());
    command.addAll(List.of(arguments));
    return command(Duration.ofMinutes(3), command.toArray(String[]::new));
  }

  @Override
  public void start() throws Exception {
    log = work.resolve("wildfly-" + (++starts) + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/standalone.sh").toString(),
                "-c",
                CONFIG,
                "-Djboss.socket.binding.port-offset=" + offset)
            .directory(PROJECT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    applyEnvironment(builder);
    launcher = builder.start();
    awaitReady(launcher::isAlive);
  }

  @Override
  public void kill() throws Exception {
    // standalone.sh waits for its java child: SIGKILL the JVM itself (and the script with it).
    killProcessTree(launcher.pid());
    launcher.waitFor();
    awaitPortClosed(8080 + offset);
  }

  @Override
  public void stop() throws Exception {
    if (launcher != null && launcher.isAlive()) {
      cli("--connect", "--controller=localhost:" + managementPort(), "--command=:shutdown");
      if (!launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        killProcessTree(launcher.pid());
      }
      awaitPortClosed(8080 + offset);
    }
  }

  /**
   * The config source {@code previewbridge} that previewbridge.cli creates in the
   * microprofile-config-smallrye subsystem; like any change to the server's configuration it
   * applies from the next start.
   */
  @Override
  public void setConfigProperty(String key, String value) throws Exception {
    cli(
        "--connect",
        "--controller=localhost:" + managementPort(),
        "--command=/subsystem=microprofile-config-smallrye/config-source=previewbridge"
            + ":map-put(name=properties, key=\""
            + key
            + "\", value=\""
            + value
            + "\")");
  }

  @Override
  public Path log() {
    return log;
  }

  @Override
  public Optional<Long> pid() {
    return launcher != null && launcher.isAlive() ? Optional.of(launcher.pid()) : Optional.empty();
  }

  /** standalone.sh runs the JVM as its child. */
  @Override
  public Optional<Long> jvmPid() {
    return pid()
        .flatMap(ProcessHandle::of)
        .flatMap(
            script ->
                script
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/java"))
                    .findFirst())
        .map(ProcessHandle::pid);
  }

  /** An offset that puts HTTP (8080), HTTPS (8443) and management (9990, 9993) on free ports. */
  private static int freeOffset() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int offset = 10000 + ThreadLocalRandom.current().nextInt(2000) * 10;
      if (free(8080 + offset, 8443 + offset, 9990 + offset, 9993 + offset)) {
        return offset;
      }
    }
    throw new IllegalStateException("No free port offset for WildFly");
  }
}
