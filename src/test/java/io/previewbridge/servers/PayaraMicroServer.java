package io.previewbridge.servers;

import io.previewbridge.testing.PayaraMicroProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Payara Micro, as the README starts it for PostgreSQL ({@code java -jar payara-micro.jar
 * --prebootcommandfile http.asadmin --addlibs postgresql.jar --postbootcommandfile ...}). Micro
 * keeps no configuration between runs, so its "own command" for a setting is a {@code
 * set-config-property} line in the post-boot command file: the file given to Micro is {@code
 * server-config/payara-micro/postgresql.asadmin} followed by those lines.
 */
public final class PayaraMicroServer extends AppServer {

  private final PayaraMicroProcess.Builder builder;
  private final Path postBoot;
  private final List<String> configCommands = new ArrayList<>();
  private PayaraMicroProcess run;

  public PayaraMicroServer(Path work) {
    super(work);
    builder = PayaraMicroProcess.builder("payara-micro").workDirectory(work);
    // More JVM options (space-separated), for the start-up benchmark's variants
    for (String option : System.getProperty("micro.jvmOptions", "").trim().split("\\s+")) {
      if (!option.isEmpty()) {
        builder.jvmOption(option);
      }
    }
    postBoot = work.resolve("post-boot.asadmin");
  }

  @Override
  public String name() {
    return "Payara Micro";
  }

  @Override
  public String baseUrl() {
    return builder.baseUrl();
  }

  @Override
  public URI readinessUrl() {
    return URI.create(baseUrl() + "/health/ready");
  }

  @Override
  public void install() throws Exception {
    writePostBootFile();
    builder.addLibrary(PayaraMicroProcess.postgresDriver()).postBootCommands(postBoot);
    if (withApplication) {
      builder.deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/");
    }
  }

  private void writePostBootFile() throws Exception {
    List<String> lines =
        new ArrayList<>(
            Files.readAllLines(
                PROJECT.resolve("server-config/payara-micro/postgresql.asadmin"),
                StandardCharsets.UTF_8));
    lines.addAll(configCommands);
    Files.write(postBoot, lines, StandardCharsets.UTF_8);
  }

  @Override
  public void start() throws Exception {
    builder.env(environment);
    run = builder.start();
    awaitReady(run::isAlive);
  }

  @Override
  public void kill() throws Exception {
    run.kill();
  }

  @Override
  public void stop() throws Exception {
    run.stop();
  }

  @Override
  public void setConfigProperty(String key, String value) throws Exception {
    configCommands.add(
        "set-config-property --source=domain --propertyName=" + key + " --propertyValue=" + value);
    writePostBootFile();
  }

  @Override
  public Path log() {
    return run == null ? null : run.log();
  }

  @Override
  public Optional<Long> pid() {
    return run != null && run.isAlive() ? Optional.of(run.pid()) : Optional.empty();
  }
}
