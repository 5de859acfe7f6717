package io.previewbridge.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Which database the default data source is, for the few statements that are better said in its own
 * SQL than in portable JPQL. Asked once, on first use.
 */
@ApplicationScoped
public class DatabaseProduct {

  @Resource(lookup = "java:comp/DefaultDataSource")
  DataSource dataSource;

  private volatile String name;

  /** The JDBC driver's product name, such as {@code PostgreSQL} or {@code H2}. */
  public String name() {
    String known = name;
    if (known == null) {
      try (Connection connection = dataSource.getConnection()) {
        known = connection.getMetaData().getDatabaseProductName();
      } catch (SQLException e) {
        throw new IllegalStateException(
            "The default data source cannot be reached: " + e.getMessage(), e);
      }
      name = known;
    }
    return known;
  }

  /**
   * Serialises one-time initialisation between nodes that start together (joins the caller's
   * transaction, which holds the lock until it ends): locks the first row of Flyway's schema
   * history, which every migrated database has. Does nothing on databases not known to take {@code
   * SELECT ... FOR UPDATE}; there, start the first node alone.
   */
  public void lockForFirstStart(EntityManager em) {
    String product = name().toLowerCase(Locale.ROOT);
    if (product.contains("postgresql") || product.contains("h2")) {
      // quoted: Flyway creates the table and its columns with quoted lower-case names, which H2
      // (unlike PostgreSQL) does not find unquoted
      em.createNativeQuery(
              "SELECT \"installed_rank\" FROM \""
                  + DatabaseMigrator.HISTORY_TABLE
                  + "\" WHERE \"installed_rank\" = 1 FOR UPDATE")
          .getResultList();
    }
  }

  /**
   * Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} may be used: PostgreSQL (9.5 and later, the
   * only versions still supported). Other databases that have it (MySQL 8, Oracle) take the
   * portable path, which is correct everywhere, only slower under contention.
   */
  public boolean supportsSkipLocked() {
    return name().toLowerCase(Locale.ROOT).contains("postgresql");
  }
}
