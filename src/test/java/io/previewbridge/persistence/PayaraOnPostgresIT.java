package io.previewbridge.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built WAR on PostgreSQL, started the way server-config/README.md tells an admin to: Payara
 * Micro with the driver added by {@code --addlibs} and {@code
 * server-config/payara-micro/postgresql.asadmin} as post-boot command file, the database given only
 * through {@code PREVIEWBRIDGE_DB_*} environment variables.
 *
 * <p>The database role's password contains ':', '=', ';', '$' and a space, the characters that
 * break naive asadmin property lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayaraOnPostgresIT {

  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);
  static final String PASSWORD = "s3cr:et=pa;ss w$rd";

  EmbeddedPostgres.Database database;
  Process micro;
  Path log;
  int port;
  HttpResponse<String> ready;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  void startPayaraMicroOnPostgres() throws Exception {
    database = EmbeddedPostgres.shared().createDatabase().withPassword(PASSWORD);
    Path microJar =
        Path.of(System.getProperty("payara.microJar", "target/runtime/payara-micro.jar"));
    Path driver = microJar.resolveSibling("postgresql.jar");
    Path war = Path.of(System.getProperty("previewbridge.war", "target/previewbridge.war"));
    Path commands = Path.of("server-config/payara-micro/postgresql.asadmin");
    for (Path required : List.of(microJar, driver, war, commands)) {
      assertThat(required)
          .as("built by `mvn package` (run this test with `mvn verify`)")
          .isRegularFile();
    }
    port = freePort();
    log = Files.createTempFile(Path.of("target"), "payara-on-postgres-", ".log");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(
        List.of(
            "-jar",
            microJar.toString(),
            "--nocluster",
            "--port",
            Integer.toString(port),
            "--addlibs",
            driver.toString(),
            "--postbootcommandfile",
            commands.toString(),
            "--deploy",
            war.toString(),
            "--contextroot",
            "/"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("PREVIEWBRIDGE_"));
    env.putAll(database.environment());
    env.put(
        "PREVIEWBRIDGE_ENCRYPTION_KEY",
        Base64.getEncoder().encodeToString("payara-on-postgres-test-key-32b!".getBytes()));
    env.put("PREVIEWBRIDGE_OAUTH_CLIENT_ID", "notion-client");
    env.put("PREVIEWBRIDGE_OAUTH_CLIENT_SECRET", "notion-client-secret");
    env.put("PREVIEWBRIDGE_NOTION_CLIENT_ID", "integration");
    env.put("PREVIEWBRIDGE_NOTION_CLIENT_SECRET", "integration-secret");
    env.put("PREVIEWBRIDGE_SOURCES", "classpath:demo/sources.json");
    env.put("PREVIEWBRIDGE_DEVELOPER_NAME", "Acme on PostgreSQL");
    env.put("PREVIEWBRIDGE_DATABASE_EXPECTED_PRODUCT", "PostgreSQL");
    env.put("PREVIEWBRIDGE_PUBLIC_URL", "http://localhost:" + port);
    micro = builder.start();

    ready = awaitReady();
  }

  @AfterAll
  void stop() throws Exception {
    if (micro != null) {
      List<ProcessHandle> descendants = micro.descendants().toList();
      micro.destroy(); // SIGTERM: Micro deletes its runtime directory on the way out
      if (!micro.waitFor(30, TimeUnit.SECONDS)) {
        micro.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void readyOnPostgreSql() {
    assertThat(ready.statusCode()).as(logTail()).isEqualTo(200);
    assertThat(ready.body())
        .as("the database check names PostgreSQL (a failed boot command falls back to H2)")
        .contains("\"database\"")
        .contains("PostgreSQL")
        .doesNotContain("H2");
  }

  @Test
  void theMigrationsRanInTheConfiguredDatabaseAsItsOwner() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT count(*), bool_and(success) FROM pb_schema_history WHERE version IS NOT"
                  + " NULL")) {
        rows.next();
        assertThat(rows.getInt(1)).as("applied migrations").isPositive();
        assertThat(rows.getBoolean(2)).as("all successful").isTrue();
      }
      TreeSet<String> tables = new TreeSet<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = '"
                  + database.user()
                  + "'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables).containsAll(RepositoryContract.TABLES);
    }
  }

  @Test
  void noBootCommandFailedAndThePasswordIsNotLogged() throws IOException {
    String output = Files.readString(log);
    assertThat(output).as("boot commands").doesNotContainPattern("Boot Command .* failed");
    assertThat(output).as("the database password").doesNotContain(PASSWORD);
  }

  // ---------------------------------------------------------------------------------------------

  HttpResponse<String> awaitReady() throws Exception {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    URI uri = URI.create("http://127.0.0.1:" + port + "/health/ready");
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      if (!micro.isAlive()) {
        throw new AssertionError("Payara Micro exited with " + micro.exitValue() + logTail());
      }
      if (Files.exists(log) && Files.readString(log).contains("Exception while loading the app")) {
        throw new AssertionError("PreviewBridge failed to deploy" + logTail());
      }
      try {
        last =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // 404 until the WAR is deployed; 503 while a check is down.
        if (last.statusCode() == 200) {
          return last;
        }
      } catch (IOException notListeningYet) {
        // keep polling
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "Not ready after "
            + STARTUP_TIMEOUT.toSeconds()
            + " s, last answer "
            + (last == null ? "none" : last.statusCode() + " " + last.body())
            + logTail());
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return "\n--- Payara Micro log ("
          + log
          + ") ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size()));
    } catch (IOException e) {
      return "\n(no log: " + e + ")";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
