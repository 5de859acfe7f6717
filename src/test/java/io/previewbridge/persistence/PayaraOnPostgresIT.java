package io.previewbridge.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.EmbeddedPostgres;
import io.previewbridge.testing.PayaraMicroProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.TreeSet;
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

  static final String PASSWORD = "s3cr:et=pa;ss w$rd";

  EmbeddedPostgres.Database database;
  PayaraMicroProcess micro;
  HttpResponse<String> ready;

  @BeforeAll
  void startPayaraMicroOnPostgres() throws Exception {
    database = EmbeddedPostgres.shared().createDatabase().withPassword(PASSWORD);
    PayaraMicroProcess.Builder server =
        PayaraMicroProcess.builder("payara-on-postgres")
            .addLibrary(PayaraMicroProcess.postgresDriver())
            .postBootCommands(Path.of("server-config/payara-micro/postgresql.asadmin"))
            .deployAtContextRoot(PayaraMicroProcess.previewBridgeWar(), "/")
            .env(database.environment())
            .env(
                "PREVIEWBRIDGE_ENCRYPTION_KEY",
                Base64.getEncoder().encodeToString("payara-on-postgres-test-key-32b!".getBytes()))
            .env("PREVIEWBRIDGE_OAUTH_CLIENT_ID", "notion-client")
            .env("PREVIEWBRIDGE_OAUTH_CLIENT_SECRET", "notion-client-secret")
            .env("PREVIEWBRIDGE_NOTION_CLIENT_ID", "integration")
            .env("PREVIEWBRIDGE_NOTION_CLIENT_SECRET", "integration-secret")
            .env("PREVIEWBRIDGE_SOURCES", "classpath:demo/sources.json")
            .env("PREVIEWBRIDGE_DEVELOPER_NAME", "Acme on PostgreSQL")
            .env("PREVIEWBRIDGE_DATABASE_EXPECTED_PRODUCT", "PostgreSQL");
    server.env("PREVIEWBRIDGE_PUBLIC_URL", server.baseUrl());
    micro = server.start();
    ready = micro.awaitReady();
  }

  @AfterAll
  void stop() throws Exception {
    if (micro != null) {
      micro.stop();
    }
  }

  @Test
  void readyOnPostgreSql() {
    assertThat(ready.statusCode()).as(micro.logTail()).isEqualTo(200);
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
    String output = micro.logText();
    assertThat(output).as("boot commands").doesNotContainPattern("Boot Command .* failed");
    assertThat(output).as("the database password").doesNotContain(PASSWORD);
  }
}
