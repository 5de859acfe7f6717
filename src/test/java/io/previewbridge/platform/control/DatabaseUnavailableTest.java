package io.previewbridge.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

  /** Shaped like EclipseLink's DatabaseException: the SQL failure only as "internal exception". */
  static final class InternalHolder extends RuntimeException {
    private final Throwable internal;

    InternalHolder(Throwable internal) {
      super("Exception [EclipseLink-4002]");
      this.internal = internal;
    }

    public Throwable getInternalException() {
      return internal;
    }
  }

  @Test
  void aConnectionFailureHoweverWrappedIsAnOutage() {
    assertThat(DatabaseUnavailable.isCause(new SQLException("refused", "08001"))).isTrue();
    assertThat(DatabaseUnavailable.isCause(new SQLTransientConnectionException("gone"))).isTrue();
    assertThat(
            DatabaseUnavailable.isCause(
                new jakarta.persistence.PersistenceException(
                    new InternalHolder(
                        new SQLException(
                            "Error in allocating a connection. Cause: Connection could not be"
                                + " allocated because: Connection to 127.0.0.1:5432 refused.")))))
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(DatabaseUnavailable.isCause(new SQLException("unique violation", "23505")))
        .isFalse();
    assertThat(DatabaseUnavailable.isCause(new IllegalStateException("bug"))).isFalse();
    assertThat(DatabaseUnavailable.isCause(null)).isFalse();
  }
}
