package io.previewbridge.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseMigratorTest {

  @Test
  void refusesToStartOnAnotherDatabaseThanTheOneExpected() {
    assertThatThrownBy(() -> DatabaseMigrator.checkProduct("H2", Optional.of("PostgreSQL")))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining("previewbridge.database.expected-product")
        .hasMessageContaining("H2");
  }

  @Test
  void acceptsTheExpectedDatabaseOrNoExpectation() {
    assertThatCode(() -> DatabaseMigrator.checkProduct("PostgreSQL", Optional.of("postgresql")))
        .doesNotThrowAnyException();
    assertThatCode(() -> DatabaseMigrator.checkProduct("H2", Optional.empty()))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/pb?user=pb&password=secret | jdbc:postgresql://db:5432/pb",
        "jdbc:h2:./data/previewbridge;PASSWORD=x | jdbc:h2:./data/previewbridge",
        "jdbc:postgresql://db/pb | jdbc:postgresql://db/pb"
      })
  void logsUrlsWithoutTheirParameters(String url, String logged) {
    assertThat(DatabaseMigrator.withoutCredentials(url)).isEqualTo(logged);
  }
}
