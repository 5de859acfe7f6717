package io.previewbridge.tracking.control;

import io.previewbridge.platform.control.DatabaseMigrator;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The real schema (the Flyway migrations) on an in-memory H2, with the application's persistence
 * unit switched to resource-local transactions: the JPQL and mappings run exactly as in Payara's
 * EclipseLink, without a container.
 */
final class Database implements AutoCloseable {

  final EntityManagerFactory factory;
  final EntityManager em;

  Database() {
    String url =
        "jdbc:h2:mem:tracking-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000";
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    dataSource.setUser("sa");
    dataSource.setPassword("");
    DatabaseMigrator.configure(dataSource).migrate();
    factory =
        Persistence.createEntityManagerFactory(
            "previewbridge",
            Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", "",
                "jakarta.persistence.jdbc.driver", "org.h2.Driver",
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", "",
                "eclipselink.target-database",
                    "org.eclipse.persistence.platform.database.H2Platform",
                "eclipselink.logging.level", "WARNING"));
    em = factory.createEntityManager();
  }

  /** Runs {@code work} in one transaction, as a {@code @Transactional} method would. */
  <T> T inTransaction(Supplier<T> work) {
    em.getTransaction().begin();
    try {
      T result = work.get();
      em.getTransaction().commit();
      return result;
    } catch (RuntimeException e) {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      throw e;
    } finally {
      em.clear();
    }
  }

  void inTransaction(Runnable work) {
    inTransaction(
        () -> {
          work.run();
          return null;
        });
  }

  @Override
  public void close() {
    em.close();
    factory.close();
  }
}
