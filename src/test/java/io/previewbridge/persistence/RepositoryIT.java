package io.previewbridge.persistence;

import io.previewbridge.testing.EmbeddedPostgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;

/**
 * The entities and the Flyway schema, checked against both databases PreviewBridge runs on: the
 * embedded H2 of demo mode and a real PostgreSQL (see {@link EmbeddedPostgres}). The checks
 * themselves are in {@link RepositoryContract}; this class only says where they run.
 *
 * <p>Run alone: {@code mvn -o verify -Dit.test=RepositoryIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RepositoryIT {

  /** Plain H2 2.2.224, the version Payara Micro bundles; no compatibility mode. */
  @Nested
  class OnH2 extends RepositoryContract {
    @Override
    DataSource createDataSource() {
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL("jdbc:h2:mem:repository-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      dataSource.setUser("sa");
      dataSource.setPassword("");
      return dataSource;
    }

    @Override
    boolean skipsLockedRows() {
      return false;
    }
  }

  /** PostgreSQL 16 from Maven Central's binaries, a fresh database owned by an ordinary role. */
  @Nested
  class OnPostgres extends RepositoryContract {
    @Override
    DataSource createDataSource() {
      return EmbeddedPostgres.shared().createDatabase().dataSource();
    }

    @Override
    boolean skipsLockedRows() {
      return true;
    }
  }
}
