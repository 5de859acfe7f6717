package io.previewbridge.servers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Payara Server from its full distribution: a domain of its own (created with {@code asadmin
 * create-domain --portbase}), configured with the asadmin command files in {@code
 * server-config/payara-server/} exactly as the README runs them, the WAR deployed with {@code
 * asadmin deploy}. The domain's JVM is started by {@code asadmin start-domain}, which returns; its
 * PID is in the domain's {@code config/pid}.
 */
public final class PayaraServerDomain extends AppServer {

  static final String DOMAIN = "previewbridge";

  private Path home;
  private final int portBase;

  public PayaraServerDomain(Path work) {
    super(work);
    portBase = freePortBase();
  }

  @Override
  public String name() {
    return ("Payara Server " + System.getProperty("payara.server.version", "")).trim();
  }

  int adminPort() {
    return portBase + 48;
  }

  int httpPort() {
    return portBase + 80;
  }

  @Override
  public String baseUrl() {
    return "http://localhost:" + httpPort();
  }

  @Override
  public URI readinessUrl() {
    return URI.create(baseUrl() + "/health/ready");
  }

  Path domainDirectory() {
    return home.resolve("glassfish/domains").resolve(DOMAIN);
  }

  @Override
  public void install() throws Exception {
    home = Distributions.unpack(Distributions.zip("payara.server.zip"), work);
    asadmin(
        "create-domain",
        "--nopassword=true",
        "--portbase",
        Integer.toString(portBase),
        "--checkports=true",
        DOMAIN);
    // What the README's "Payara Server" recipe runs, in its order.
    startDomain();
    asadmin("add-library", "--type", "common", "target/runtime/postgresql.jar");
    asadmin("multimode", "--file", "server-config/payara-server/previewbridge.asadmin");
    // The driver in lib/ and the listener settings take effect after a restart.
    asadmin("restart-domain", DOMAIN);
    asadmin("multimode", "--file", "server-config/payara-server/postgresql.asadmin");
    if (withApplication) {
      asadmin(
          "deploy",
          "--contextroot",
          "/",
          "--name",
          "previewbridge",
          PROJECT.resolve("target/previewbridge.war").toString());
    }
    asadmin("stop-domain", DOMAIN);
  }

  /** asadmin of this installation, against this domain's admin port. */
  String asadmin(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/asadmin").toString());
    command.add("--port");
    command.add(Integer.toString(adminPort()));
    command.add("--interactive=false");
    command.addAll(List.of(arguments));
    return command(Duration.ofMinutes(4), command.toArray(String[]::new));
  }

  private void startDomain() throws Exception {
    // The domain's JVM inherits this command's environment: PreviewBridge's settings and the
    // database variables must be set where start-domain runs (as in a systemd unit).
    asadmin("start-domain", DOMAIN);
  }

  @Override
  public void start() throws Exception {
    startDomain();
    awaitReady(() -> pid().isPresent());
  }

  @Override
  public void kill() throws Exception {
    long pid = pid().orElseThrow(() -> new AssertionError("Payara Server is not running"));
    killProcessTree(pid);
    awaitPortClosed(httpPort());
    awaitPortClosed(adminPort());
  }

  @Override
  public void stop() throws Exception {
    asadmin("stop-domain", DOMAIN);
    awaitPortClosed(httpPort());
  }

  /**
   * {@code asadmin set-config-property --source=domain}: the domain-wide MicroProfile Config
   * source, the same one as the admin console's Configurations › server-config › MicroProfile ›
   * Config page; read at the next start.
   */
  @Override
  public void setConfigProperty(String key, String value) throws Exception {
    asadmin(
        "set-config-property",
        "--source=domain",
        "--propertyName=" + key,
        "--propertyValue=" + value);
  }

  @Override
  public Path log() {
    return home == null ? null : domainDirectory().resolve("logs/server.log");
  }

  @Override
  public Optional<Long> pid() {
    if (home == null) {
      return Optional.empty();
    }
    Path file = domainDirectory().resolve("config/pid");
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(file).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    }
  }

  /** A port base whose ports (admin +48, HTTP +80, HTTPS +81, and the others) are all free. */
  private static int freePortBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20000 + ThreadLocalRandom.current().nextInt(200) * 100;
      if (free(base + 37, base + 38, base + 39, base + 48, base + 66, base + 76, base + 80)
          && free(base + 81, base + 86, base + 9)) {
        return base;
      }
    }
    throw new IllegalStateException("No free port base for Payara Server");
  }
}
