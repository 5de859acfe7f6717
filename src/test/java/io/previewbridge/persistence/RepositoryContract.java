package io.previewbridge.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.previewbridge.admin.entity.AuditEntry;
import io.previewbridge.authorization.entity.AuthorizationCode;
import io.previewbridge.authorization.entity.SigningKey;
import io.previewbridge.authorization.entity.TokenGrant;
import io.previewbridge.credentials.entity.UpstreamCredential;
import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.nodes.entity.Node;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.notion.entity.Workspace;
import io.previewbridge.platform.control.DatabaseMigrator;
import io.previewbridge.platform.control.DatabaseProduct;
import io.previewbridge.tracking.entity.TrackedPreview;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Persistence;
import jakarta.persistence.RollbackException;
import jakarta.persistence.metamodel.EntityType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * What the application relies on from its database, whichever one it is: the Flyway migrations
 * apply (once), every entity maps onto the schema, every named query runs and means what its name
 * says, the unique constraints and optimistic locks hold, instants keep their microseconds and
 * their moment whatever the JVM's time zone, and large JSON documents fit.
 *
 * <p>Adding a named query to an entity: add a case with its name to {@link #namedQueryCases()};
 * {@link #everyNamedQueryHasACase()} fails until you do. Adding an entity: list it in {@code
 * META-INF/persistence-test.xml} and add its table to {@link #TABLES}; {@link
 * #everyEntityIsInTheTestPersistenceUnit()} names what is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RepositoryContract {

  /** Tables emptied before each test, children first (foreign keys). */
  static final List<String> TABLES =
      List.of(
          "node",
          "audit_entry",
          "upstream_credential",
          "delivery",
          "tracked_preview",
          "authorization_code",
          "token_grant",
          "signing_key",
          "connection",
          "workspace",
          "account");

  /** Microsecond precision on purpose: that is what both databases keep. */
  static final Instant T0 = Instant.parse("2026-03-14T15:09:26.535897Z");

  static final Instant T1 = T0.plus(Duration.ofMinutes(5)).plusNanos(1_000);
  static final Instant T2 = T0.plus(Duration.ofHours(1)).plusNanos(999_000);

  DataSource dataSource;
  EntityManagerFactory emf;

  abstract DataSource createDataSource();

  @BeforeAll
  void migrateAndOpen() {
    dataSource = createDataSource();
    MigrateResult first = DatabaseMigrator.configure(dataSource).migrate();
    assertThat(first.success).isTrue();
    assertThat(first.migrationsExecuted).as("migrations applied to an empty database").isPositive();
    emf =
        Persistence.createEntityManagerFactory(
            "previewbridge-test",
            Map.of(
                "eclipselink.persistencexml",
                "META-INF/persistence-test.xml",
                "jakarta.persistence.nonJtaDataSource",
                dataSource));
  }

  @AfterAll
  void close() {
    if (emf != null) {
      emf.close();
    }
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    try (var connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        statement.executeUpdate("DELETE FROM " + table);
      }
    }
  }

  // --- Schema ------------------------------------------------------------------------------------

  @Test
  void migratingAgainChangesNothing() throws SQLException {
    var flyway = DatabaseMigrator.configure(dataSource);
    int applied = flyway.info().applied().length;

    MigrateResult again = flyway.migrate();

    assertThat(again.migrationsExecuted).isZero();
    assertThat(flyway.info().applied()).hasSize(applied);
    assertThat(flyway.info().pending()).isEmpty();
    flyway.validate();
    assertThat(tablesInDatabase()).containsAll(TABLES).contains("pb_schema_history");
  }

  @Test
  void theFirstStartLockHoldsTheSchemaHistoryRowUntilItsTransactionEnds() throws SQLException {
    String product;
    try (var connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    }
    DatabaseProduct database =
        new DatabaseProduct() {
          @Override
          public String name() {
            return product;
          }
        };

    inTransactionAnswer(
        em -> {
          database.lockForFirstStart(em);
          assertThat(lockHistoryRowElsewhere()).as("another node, meanwhile").isFalse();
          return null;
        });
    assertThat(lockHistoryRowElsewhere()).as("another node, afterwards").isTrue();
  }

  /** Whether another connection can lock the schema history's first row within 300 ms. */
  boolean lockHistoryRowElsewhere() {
    try (var connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      boolean postgres =
          connection
              .getMetaData()
              .getDatabaseProductName()
              .toLowerCase(Locale.ROOT)
              .contains("postgres");
      statement.execute(postgres ? "SET lock_timeout = '300ms'" : "SET LOCK_TIMEOUT 300");
      try {
        statement
            .executeQuery(
                "SELECT \"installed_rank\" FROM \"pb_schema_history\" WHERE \"installed_rank\" = 1"
                    + " FOR UPDATE")
            .close();
        return true;
      } catch (SQLException locked) {
        return false;
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyEntityIsInTheTestPersistenceUnit() throws Exception {
    Set<String> mapped =
        emf.getMetamodel().getEntities().stream()
            .map(e -> e.getJavaType().getName())
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(mapped)
        .as("@Entity classes in src/main missing from META-INF/persistence-test.xml")
        .containsAll(entityClassesInMain());
  }

  // --- Every entity
  // -------------------------------------------------------------------------------

  @Test
  void everyEntityIsStoredAndLoadedWithAllItsFields() {
    Account account =
        new Account("alice", "Alice A.", null, "pbkdf2$hash", Set.of("user", "admin"), T0);
    account.setEnabled(false);
    Workspace workspace =
        new Workspace("ws-" + randomId(), "Acme HQ", "https://example.com/i.png", T0);
    Connection connection = new Connection(account.id(), workspace, "alice@acme", "Alice", T0);
    connection.connect("enc-token", "enc-refresh", "bot-1", "Alice A.", T1);
    connection.used(T2);
    AuthorizationCode code =
        new AuthorizationCode(
            "c".repeat(64), connection.id(), "notion", "https://notion.so/cb", "read", T0, T1);
    TokenGrant grant = new TokenGrant(connection.id(), code.codeHash(), "read", "r".repeat(64), T0);
    grant.rotate("s".repeat(64), T1, T2);
    code.redeemed(grant.id(), T1);
    SigningKey key =
        new SigningKey("kid-1", "RS256", "enc-private", "-----BEGIN PUBLIC KEY-----", T0);
    TrackedPreview preview =
        new TrackedPreview(connection.id(), "https://acme.com/items/1", "ticket", T0);
    preview.unfurled("ticket", "{\"title\":\"One\"}", "h".repeat(64), T1);
    preview.checkFailed("503 Service Unavailable", "node-a/4711", T1);
    preview.scheduleCheck(T2);
    Delivery delivery =
        new Delivery(preview.id(), connection.id(), preview.uri(), "{\"x\":1}", "h".repeat(64), T1);
    delivery.sending(T2);
    delivery.attemptFailed(503, "Service Unavailable", T2);
    Node node = new Node(randomId(), "node-a/4711", T0);
    node.seen(T1);
    Account sso =
        Account.ofProvider(
            "https://sso.acme.com/realms/acme",
            "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "alice.sso",
            "Alice (SSO)",
            "alice@acme.com",
            Set.of("user"),
            T1);
    UpstreamCredential credential = new UpstreamCredential(sso.id(), "idp", T0);
    credential.renew("f81d4fae", "enc-access", "enc-refresh", T2, "openid email", T1);

    // Parents first, flushed before their children: connection_id, tracked_preview_id, ... are
    // plain columns, not JPA relationships, so EclipseLink does not know to insert the parent
    // first, and without the flush it inserts (for instance) the code before its connection.
    List<Object> all =
        List.of(
            account,
            workspace,
            connection,
            code,
            grant,
            key,
            preview,
            delivery,
            node,
            sso,
            credential);
    inTransaction(
        em ->
            all.forEach(
                entity -> {
                  em.persist(entity);
                  em.flush();
                }));

    for (Object original : all) {
      Object id = emf.getPersistenceUnitUtil().getIdentifier(original);
      Object loaded = read(em -> em.find(original.getClass(), id));
      assertThat(loaded)
          .as("%s loaded back", original.getClass().getSimpleName())
          .isNotSameAs(original)
          .usingRecursiveComparison()
          .isEqualTo(original);
    }
  }

  @Test
  void updatesAreStored() {
    Connection connection = connection(account("bob"), workspace());
    inTransaction(em -> em.find(Connection.class, connection.id()).revoke(T2));

    Connection loaded = read(em -> em.find(Connection.class, connection.id()));
    assertThat(loaded.status()).isEqualTo(Connection.Status.REVOKED);
    assertThat(loaded.encryptedNotionToken()).isNull();
    assertThat(loaded.revokedAt()).isEqualTo(T2);
  }

  // --- Named queries -----------------------------------------------------------------------------

  /**
   * One case per named query of the entities, keyed by its name: it sets up rows, runs the query
   * and checks the answer. Both the query and what it returns are checked on every database.
   */
  Map<String, Executable> namedQueryCases() {
    Map<String, Executable> cases = new LinkedHashMap<>();

    cases.put(
        Account.BY_USERNAME,
        () -> {
          Account carol = account("carol");
          account("dave");
          assertThat(query(Account.class, Account.BY_USERNAME, "username", "carol"))
              .extracting(Account::id)
              .containsExactly(carol.id());
          assertThat(query(Account.class, Account.BY_USERNAME, "username", "CAROL"))
              .as("usernames are matched exactly")
              .isEmpty();
        });

    cases.put(
        Account.BY_ISSUER_AND_SUBJECT,
        () -> {
          Account sso = providerAccount("gina", "https://sso.acme.com", "sub-1");
          providerAccount("hank", "https://sso.acme.com", "sub-2");
          providerAccount("ivan", "https://other.example", "sub-1");
          account("sub-1");
          assertThat(
                  query(
                      Account.class,
                      Account.BY_ISSUER_AND_SUBJECT,
                      "issuer",
                      "https://sso.acme.com",
                      "subject",
                      "sub-1"))
              .extracting(Account::id)
              .containsExactly(sso.id());
        });

    cases.put(
        UpstreamCredential.BY_ACCOUNT_AND_SERVER,
        () -> {
          Account jo = account("jo");
          UpstreamCredential idp = credential(jo, "idp");
          credential(jo, "acme-product");
          credential(account("kay"), "idp");
          assertThat(
                  query(
                      UpstreamCredential.class,
                      UpstreamCredential.BY_ACCOUNT_AND_SERVER,
                      "accountId",
                      jo.id(),
                      "serverId",
                      "idp"))
              .extracting(UpstreamCredential::id)
              .containsExactly(idp.id());
          // the refresh takes it locked, so two nodes never spend one refresh token twice
          inTransaction(
              em ->
                  assertThat(
                          em.createNamedQuery(
                                  UpstreamCredential.BY_ACCOUNT_AND_SERVER,
                                  UpstreamCredential.class)
                              .setParameter("accountId", jo.id())
                              .setParameter("serverId", "idp")
                              .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                              .getResultList())
                      .extracting(UpstreamCredential::id)
                      .containsExactly(idp.id()));
        });

    cases.put(
        UpstreamCredential.BY_ACCOUNT,
        () -> {
          Account lou = account("lou");
          UpstreamCredential idp = credential(lou, "idp");
          UpstreamCredential product = credential(lou, "acme-product");
          credential(account("mia"), "idp");
          assertThat(
                  query(
                      UpstreamCredential.class,
                      UpstreamCredential.BY_ACCOUNT,
                      "accountId",
                      lou.id()))
              .extracting(UpstreamCredential::id)
              .containsExactly(product.id(), idp.id());
        });

    cases.put(
        TrackedPreview.COUNT_ACTIVE_OF_CONNECTION,
        () -> {
          Connection counted = connection(account("pat"), workspace());
          preview(counted, "https://acme.com/items/1");
          preview(counted, "https://acme.com/items/2");
          TrackedPreview stopped = preview(counted, "https://acme.com/items/3");
          inTransaction(em -> em.find(TrackedPreview.class, stopped.id()).stop());
          preview(connection(account("quin"), workspace()), "https://acme.com/items/1");
          assertThat(
                  query(
                      Long.class,
                      TrackedPreview.COUNT_ACTIVE_OF_CONNECTION,
                      "connectionId",
                      counted.id(),
                      "status",
                      TrackedPreview.Status.ACTIVE))
              .containsExactly(2L);
        });

    cases.put(
        TrackedPreview.ACTIVE_OF_ACCOUNT,
        () -> {
          Account ned = account("ned");
          Connection one = connection(ned, workspace());
          Connection two = connection(ned, workspace());
          TrackedPreview a = preview(one, "https://acme.com/items/a");
          TrackedPreview b = preview(two, "https://acme.com/items/b");
          TrackedPreview stopped = preview(two, "https://acme.com/items/c");
          inTransaction(em -> em.find(TrackedPreview.class, stopped.id()).stop());
          preview(connection(account("olga"), workspace()), "https://acme.com/items/a");
          assertThat(
                  query(
                      TrackedPreview.class,
                      TrackedPreview.ACTIVE_OF_ACCOUNT,
                      "status",
                      TrackedPreview.Status.ACTIVE,
                      "accountId",
                      ned.id()))
              .extracting(TrackedPreview::id)
              .containsExactlyInAnyOrder(a.id(), b.id());
        });

    cases.put(
        Connection.BY_ACCOUNT_AND_WORKSPACE,
        () -> {
          Account erin = account("erin");
          Workspace one = workspace();
          Workspace two = workspace();
          Connection wanted = connection(erin, one);
          connection(erin, two);
          connection(account("frank"), one);
          assertThat(
                  query(
                      Connection.class,
                      Connection.BY_ACCOUNT_AND_WORKSPACE,
                      "accountId",
                      erin.id(),
                      "workspaceId",
                      one.id()))
              .extracting(Connection::id)
              .containsExactly(wanted.id());
        });

    cases.put(
        SigningKey.ACTIVE,
        () -> {
          SigningKey older = new SigningKey("kid-old", "RS256", "p1", "k1", T0);
          SigningKey newer = new SigningKey("kid-new", "RS256", "p2", "k2", T1);
          inTransaction(
              em -> {
                em.persist(older);
                em.persist(newer);
              });
          jdbc(
              "INSERT INTO signing_key (id, algorithm, private_key, public_key, active, created_at)"
                  + " VALUES ('kid-retired', 'RS256', 'p3', 'k3', FALSE, CURRENT_TIMESTAMP)");
          assertThat(query(SigningKey.class, SigningKey.ACTIVE))
              .as("active keys, newest first")
              .extracting(SigningKey::id)
              .containsExactly("kid-new", "kid-old");
        });

    cases.put(
        TokenGrant.BY_REFRESH_TOKEN,
        () -> {
          Connection connection = connection(account("gina"), workspace());
          TokenGrant grant = new TokenGrant(connection.id(), null, null, "a".repeat(64), T0);
          grant.rotate("b".repeat(64), T1, T2);
          TokenGrant other = new TokenGrant(connection.id(), null, null, "z".repeat(64), T0);
          persist(grant, other);
          for (String hash : List.of("a".repeat(64), "b".repeat(64))) {
            assertThat(query(TokenGrant.class, TokenGrant.BY_REFRESH_TOKEN, "hash", hash))
                .as("grant found by its current and by its previous refresh token")
                .extracting(TokenGrant::id)
                .containsExactly(grant.id());
          }
          assertThat(query(TokenGrant.class, TokenGrant.BY_REFRESH_TOKEN, "hash", "n".repeat(64)))
              .isEmpty();
        });

    cases.put(
        TokenGrant.ACTIVE_OF_CONNECTION,
        () -> {
          Connection connection = connection(account("hank"), workspace());
          Connection elsewhere = connection(account("iris"), workspace());
          TokenGrant active = new TokenGrant(connection.id(), null, null, "1".repeat(64), T0);
          TokenGrant revoked = new TokenGrant(connection.id(), null, null, "2".repeat(64), T0);
          revoked.revoke("replayed code", T1);
          TokenGrant otherConnection =
              new TokenGrant(elsewhere.id(), null, null, "3".repeat(64), T0);
          persist(active, revoked, otherConnection);
          assertThat(
                  query(
                      TokenGrant.class,
                      TokenGrant.ACTIVE_OF_CONNECTION,
                      "connectionId",
                      connection.id()))
              .extracting(TokenGrant::id)
              .containsExactly(active.id());
        });

    cases.put(
        TrackedPreview.BY_CONNECTION_AND_URI,
        () -> {
          Connection connection = connection(account("jack"), workspace());
          Connection other = connection(account("kate"), workspace());
          TrackedPreview wanted = preview(connection, "https://acme.com/a");
          preview(connection, "https://acme.com/b");
          preview(other, "https://acme.com/a");
          assertThat(
                  query(
                      TrackedPreview.class,
                      TrackedPreview.BY_CONNECTION_AND_URI,
                      "connectionId",
                      connection.id(),
                      "uri",
                      "https://acme.com/a"))
              .extracting(TrackedPreview::id)
              .containsExactly(wanted.id());
        });

    cases.put(
        TrackedPreview.DUE_VERSIONS,
        () -> {
          Connection connection = connection(account("liam"), workspace());
          TrackedPreview later = new TrackedPreview(connection.id(), "https://acme.com/1", "s", T1);
          TrackedPreview sooner =
              new TrackedPreview(connection.id(), "https://acme.com/2", "s", T0);
          TrackedPreview exactlyNow =
              new TrackedPreview(connection.id(), "https://acme.com/3", "s", T2);
          TrackedPreview future =
              new TrackedPreview(connection.id(), "https://acme.com/4", "s", T2.plusNanos(1_000));
          TrackedPreview stopped =
              new TrackedPreview(connection.id(), "https://acme.com/5", "s", T0);
          stopped.stop();
          persist(later, sooner, exactlyNow, future, stopped);
          assertThat(
                  query(
                      Object[].class,
                      TrackedPreview.DUE_VERSIONS,
                      "status",
                      TrackedPreview.Status.ACTIVE,
                      "now",
                      T2))
              .as("active previews due at T2 (to the microsecond), soonest first, with versions")
              .extracting(row -> row[0] + "@" + row[1])
              .containsExactly(sooner.id() + "@1", later.id() + "@1", exactlyNow.id() + "@1");
        });

    cases.put(
        TrackedPreview.CLAIM_IF_UNCHANGED,
        () -> {
          TrackedPreview preview = preview(connection(account("lars"), workspace()), "https://a/1");
          long version = version("tracked_preview", preview.id());
          assertThat(claimIfUnchanged(preview.id(), version, "claim-1"))
              .as("the version read is still current: claimed")
              .isEqualTo(1);
          assertThat(claimIfUnchanged(preview.id(), version, "claim-2"))
              .as("another node read the same version: it gets nothing")
              .isZero();
          TrackedPreview claimed = read(em -> em.find(TrackedPreview.class, preview.id()));
          assertThat(claimed.claimId()).isEqualTo("claim-1");
          assertThat(claimed.checkedBy()).isEqualTo("node-a");
          assertThat(claimed.nextCheckAt()).isEqualTo(T2);
          assertThat(version("tracked_preview", preview.id())).isEqualTo(version + 1);
        });

    cases.put(
        TrackedPreview.CLAIM_LOCKED,
        () -> {
          Connection connection = connection(account("lisa"), workspace());
          TrackedPreview a = preview(connection, "https://a/1");
          TrackedPreview b = preview(connection, "https://a/2");
          TrackedPreview untouched = preview(connection, "https://a/3");
          long before = version("tracked_preview", a.id());
          int updated =
              inTransactionAnswer(
                  em ->
                      em.createNamedQuery(TrackedPreview.CLAIM_LOCKED)
                          .setParameter("until", T2)
                          .setParameter("claim", "claim-x")
                          .setParameter("node", "node-b")
                          .setParameter("ids", List.of(a.id(), b.id()))
                          .executeUpdate());
          assertThat(updated).isEqualTo(2);
          assertThat(read(em -> em.find(TrackedPreview.class, b.id())).claimId())
              .isEqualTo("claim-x");
          assertThat(read(em -> em.find(TrackedPreview.class, untouched.id())).claimId()).isNull();
          assertThat(version("tracked_preview", a.id())).isEqualTo(before + 1);
        });

    cases.put(
        TrackedPreview.CLAIMED,
        () -> {
          Connection connection = connection(account("lou"), workspace());
          TrackedPreview mine = new TrackedPreview(connection.id(), "https://a/1", "ticket", T0);
          mine.checked("[]", "h".repeat(64), "node-a", T1);
          persist(mine);
          TrackedPreview theirs = preview(connection, "https://a/2");
          claimIfUnchanged(mine.id(), version("tracked_preview", mine.id()), "mine");
          claimIfUnchanged(theirs.id(), version("tracked_preview", theirs.id()), "theirs");
          List<Object[]> rows =
              query(
                  Object[].class,
                  TrackedPreview.CLAIMED,
                  "ids",
                  List.of(mine.id(), theirs.id()),
                  "claim",
                  "mine");
          assertThat(rows)
              .singleElement()
              .satisfies(
                  row ->
                      assertThat(row)
                          .containsExactly(
                              mine.id(),
                              connection.id(),
                              connection.accountId(),
                              "https://a/1",
                              "ticket",
                              Connection.Status.ACTIVE,
                              "h".repeat(64),
                              T0,
                              null,
                              T1));
        });

    cases.put(
        TrackedPreview.CHECKED_UNCHANGED,
        () -> {
          Connection connection = connection(account("luke"), workspace());
          TrackedPreview preview = new TrackedPreview(connection.id(), "https://a/1", "ticket", T0);
          preview.checkFailed("503 earlier", "node-b", T0);
          preview.checked("[]", "h".repeat(64), "node-b", T0);
          preview.checkFailed("503 again", "node-b", T0);
          persist(preview);
          claimIfUnchanged(preview.id(), version("tracked_preview", preview.id()), "claim-1");
          long claimed = version("tracked_preview", preview.id());
          Instant next = T1.plusSeconds(30);
          assertThat(checkedUnchanged(preview.id(), "claim-2", "h".repeat(64), next))
              .as("another claim")
              .isZero();
          assertThat(checkedUnchanged(preview.id(), "claim-1", "g".repeat(64), next))
              .as("other content")
              .isZero();
          assertThat(checkedUnchanged(preview.id(), "claim-1", "h".repeat(64), next)).isEqualTo(1);
          TrackedPreview checked = read(em -> em.find(TrackedPreview.class, preview.id()));
          assertThat(checked.claimId()).isNull();
          assertThat(checked.checkedBy()).isEqualTo("node-a");
          assertThat(checked.lastError()).isNull();
          assertThat(checked.lastCheckedAt()).isEqualTo(T1);
          assertThat(checked.nextCheckAt()).isEqualTo(next);
          assertThat(checked.contentHash()).isEqualTo("h".repeat(64));
          assertThat(version("tracked_preview", preview.id())).isEqualTo(claimed + 1);

          // made due (a change webhook) while the check ran: nothing recorded, still due
          claimIfUnchanged(preview.id(), version("tracked_preview", preview.id()), "claim-3");
          inTransaction(em -> em.find(TrackedPreview.class, preview.id()).dueAt(T0));
          assertThat(checkedUnchanged(preview.id(), "claim-3", "h".repeat(64), next))
              .as("made due during the check")
              .isZero();
          assertThat(read(em -> em.find(TrackedPreview.class, preview.id())).nextCheckAt())
              .isEqualTo(T0);
        });

    cases.put(
        TrackedPreview.STOP_ALL_OF_CONNECTION,
        () -> {
          Connection connection = connection(account("mia"), workspace());
          Connection other = connection(account("noah"), workspace());
          TrackedPreview a = preview(connection, "https://acme.com/a");
          TrackedPreview b = preview(connection, "https://acme.com/b");
          TrackedPreview untouched = preview(other, "https://acme.com/a");
          long versionBefore = version("tracked_preview", a.id());
          int updated =
              inTransactionAnswer(
                  em ->
                      em.createNamedQuery(TrackedPreview.STOP_ALL_OF_CONNECTION)
                          .setParameter("stopped", TrackedPreview.Status.STOPPED)
                          .setParameter("connectionId", connection.id())
                          .executeUpdate());
          assertThat(updated).isEqualTo(2);
          assertThat(read(em -> em.find(TrackedPreview.class, a.id())).status())
              .isEqualTo(TrackedPreview.Status.STOPPED);
          assertThat(read(em -> em.find(TrackedPreview.class, b.id())).status())
              .isEqualTo(TrackedPreview.Status.STOPPED);
          assertThat(read(em -> em.find(TrackedPreview.class, untouched.id())).status())
              .isEqualTo(TrackedPreview.Status.ACTIVE);
          assertThat(version("tracked_preview", a.id()))
              .as(
                  "EclipseLink bumps @Version in bulk updates, so a check that loaded the preview"
                      + " before it was stopped cannot commit it back to ACTIVE")
              .isEqualTo(versionBefore + 1);
        });

    cases.put(
        TrackedPreview.ACTIVE_BY_URI,
        () -> {
          Connection first = connection(account("pia"), workspace());
          Connection second = connection(account("quinn"), workspace());
          TrackedPreview a = preview(first, "https://acme.com/shared");
          TrackedPreview b = preview(second, "https://acme.com/shared");
          preview(first, "https://acme.com/other");
          TrackedPreview stopped = preview(second, "https://acme.com/stopped");
          inTransaction(em -> em.find(TrackedPreview.class, stopped.id()).stop());
          List<TrackedPreview> shared = activeByUri("https://acme.com/shared");
          assertThat(shared)
              .extracting(TrackedPreview::id)
              .containsExactlyInAnyOrder(a.id(), b.id());
          assertThat(activeByUri("https://acme.com/stopped")).isEmpty();
        });

    cases.put(
        TrackedPreview.ACTIVE_URIS_OF_SOURCE,
        () -> {
          Connection first = connection(account("rosa"), workspace());
          Connection second = connection(account("sam"), workspace());
          // a source of its own, so that previews other cases made do not count
          persist(new TrackedPreview(first.id(), "https://acme.com/orders/1", "orders", T0));
          persist(new TrackedPreview(second.id(), "https://acme.com/orders/1", "orders", T0));
          TrackedPreview stopped =
              new TrackedPreview(first.id(), "https://acme.com/orders/2", "orders", T0);
          persist(stopped);
          persist(new TrackedPreview(first.id(), "https://acme.com/tickets/9", "ticket", T0));
          inTransaction(em -> em.find(TrackedPreview.class, stopped.id()).stop());
          List<String> uris =
              read(
                  em ->
                      em.createNamedQuery(TrackedPreview.ACTIVE_URIS_OF_SOURCE, String.class)
                          .setParameter("sourceId", "orders")
                          .setParameter("status", TrackedPreview.Status.ACTIVE)
                          .getResultList());
          assertThat(uris).containsExactly("https://acme.com/orders/1");
        });

    cases.put(
        Delivery.DUE,
        () -> {
          TrackedPreview preview = preview(connection(account("olga"), workspace()), "https://a/1");
          Delivery sooner = delivery(preview, T0);
          Delivery later = delivery(preview, T1);
          Delivery future = delivery(preview, T2.plusSeconds(1));
          Delivery delivered = delivery(preview, T0);
          inTransaction(em -> em.find(Delivery.class, delivered.id()).delivered(200, T1));
          List<Object[]> due =
              query(Object[].class, Delivery.DUE, "pending", Delivery.Status.PENDING, "now", T2);
          assertThat(due)
              .as("pending deliveries due, soonest first: id, connection, next attempt")
              .extracting(row -> row[0])
              .containsExactly(sooner.id(), later.id())
              .doesNotContain(future.id());
          assertThat(due.get(0)).containsExactly(sooner.id(), preview.connectionId(), T0);
        });

    cases.put(
        Delivery.DUE_AFTER,
        () -> {
          TrackedPreview preview =
              preview(connection(account("oscar"), workspace()), "https://a/2");
          Delivery first = delivery(preview, T0);
          Delivery second = delivery(preview, T0);
          Delivery third = delivery(preview, T1);
          delivery(preview, T2.plusSeconds(1));
          List<String> inOrder =
              query(Object[].class, Delivery.DUE, "pending", Delivery.Status.PENDING, "now", T2)
                  .stream()
                  .map(row -> (String) row[0])
                  .toList();
          assertThat(inOrder)
              .as("ties on the next attempt in id order")
              .containsExactlyInAnyOrder(first.id(), second.id(), third.id())
              .endsWith(third.id());
          String tieFirst = inOrder.get(0);
          assertThat(
                  query(
                          Object[].class,
                          Delivery.DUE_AFTER,
                          "pending",
                          Delivery.Status.PENDING,
                          "now",
                          T2,
                          "afterAt",
                          T0,
                          "afterId",
                          tieFirst)
                      .stream()
                      .map(row -> row[0]))
              .as("after the first of two at T0: the other one at T0, then the later one")
              .containsExactly(inOrder.get(1), third.id());
          assertThat(
                  query(
                      Object[].class,
                      Delivery.DUE_AFTER,
                      "pending",
                      Delivery.Status.PENDING,
                      "now",
                      T2,
                      "afterAt",
                      T1,
                      "afterId",
                      third.id()))
              .as("nothing due after the last")
              .isEmpty();
        });

    cases.put(
        Delivery.PENDING_OF_PREVIEW,
        () -> {
          Connection connection = connection(account("paul"), workspace());
          TrackedPreview preview = preview(connection, "https://a/1");
          TrackedPreview other = preview(connection, "https://a/2");
          Delivery pending = delivery(preview, T0);
          Delivery superseded = delivery(preview, T0);
          delivery(other, T0);
          inTransaction(em -> em.find(Delivery.class, superseded.id()).supersede());
          assertThat(
                  query(
                      Delivery.class,
                      Delivery.PENDING_OF_PREVIEW,
                      "previewId",
                      preview.id(),
                      "pending",
                      Delivery.Status.PENDING))
              .extracting(Delivery::id)
              .containsExactly(pending.id());
        });

    cases.put(
        Delivery.LIVE_OF_PREVIEW,
        () -> {
          Connection connection = connection(account("pete"), workspace());
          TrackedPreview preview = preview(connection, "https://a/1");
          Delivery pending = delivery(preview, T1);
          Delivery supersededInFlight = delivery(preview, T0);
          Delivery delivered = delivery(preview, T0);
          delivery(preview(connection, "https://a/2"), T0);
          inTransaction(
              em -> {
                Delivery d = em.find(Delivery.class, supersededInFlight.id());
                d.sending(T2);
                d.supersede();
                em.find(Delivery.class, delivered.id()).delivered(200, T1);
              });
          assertThat(
                  query(
                      Delivery.class,
                      Delivery.LIVE_OF_PREVIEW,
                      "previewId",
                      preview.id(),
                      "pending",
                      Delivery.Status.PENDING))
              .as("pending, or on its way to Notion")
              .extracting(Delivery::id)
              .containsExactlyInAnyOrder(pending.id(), supersededInFlight.id());
        });

    cases.put(
        Delivery.PREVIEW_OF,
        () -> {
          TrackedPreview preview = preview(connection(account("pim"), workspace()), "https://a/1");
          Delivery delivery = delivery(preview, T0);
          assertThat(query(String.class, Delivery.PREVIEW_OF, "id", delivery.id()))
              .containsExactly(preview.id());
          assertThat(query(String.class, Delivery.PREVIEW_OF, "id", "no-such-delivery")).isEmpty();
        });

    cases.put(
        Delivery.PENDING_OF_CONNECTION,
        () -> {
          Connection connection = connection(account("quinn"), workspace());
          Connection other = connection(account("rosa"), workspace());
          Delivery one = delivery(preview(connection, "https://a/1"), T0);
          Delivery two = delivery(preview(connection, "https://a/2"), T1);
          Delivery failed = delivery(preview(connection, "https://a/3"), T1);
          delivery(preview(other, "https://a/1"), T0);
          inTransaction(em -> em.find(Delivery.class, failed.id()).failed(400, "validation_error"));
          assertThat(
                  query(
                      Delivery.class,
                      Delivery.PENDING_OF_CONNECTION,
                      "connectionId",
                      connection.id(),
                      "pending",
                      Delivery.Status.PENDING))
              .extracting(Delivery::id)
              .containsExactlyInAnyOrder(one.id(), two.id());
        });

    cases.put(
        Node.SEEN_SINCE,
        () -> {
          Node old = new Node(randomId(), "gone", T0);
          Node alive = new Node(randomId(), "alive", T0);
          alive.seen(T2);
          Node young = new Node(randomId(), "young", T1);
          persist(old, alive, young);
          assertThat(query(Node.class, Node.SEEN_SINCE, "since", T1))
              .as("seen at or after T1, oldest start first")
              .extracting(Node::name)
              .containsExactly("alive", "young");
        });

    cases.put(
        Node.FORGET_UNSEEN_SINCE,
        () -> {
          Node old = new Node(randomId(), "gone", T0);
          Node alive = new Node(randomId(), "alive", T1);
          persist(old, alive);
          int forgotten =
              inTransactionAnswer(
                  em ->
                      em.createNamedQuery(Node.FORGET_UNSEEN_SINCE)
                          .setParameter("before", T1)
                          .executeUpdate());
          assertThat(forgotten).isEqualTo(1);
          Node kept = read(em -> em.find(Node.class, alive.id()));
          assertThat(kept).isNotNull();
        });

    cases.put(
        AuditEntry.RECENT,
        () -> {
          AuditEntry older = new AuditEntry(T0, "admin", "account.create", "carol", "role user");
          AuditEntry newer = new AuditEntry(T2, "root", "connection.revoke", randomId(), null);
          AuditEntry middle = new AuditEntry(T1, "admin", "delivery.retry", randomId(), "é ✓");
          persist(older, newer, middle);
          List<AuditEntry> recent = query(AuditEntry.class, AuditEntry.RECENT);
          assertThat(recent)
              .extracting(AuditEntry::id)
              .containsExactly(newer.id(), middle.id(), older.id());
          assertThat(recent.get(1).occurredAt()).isEqualTo(T1);
          assertThat(recent.get(1).detail()).isEqualTo("é ✓");
          assertThat(recent.get(0).detail()).isNull();
        });

    return cases;
  }

  @Test
  void everyNamedQueryHasACase() {
    Set<String> declared = new TreeSet<>();
    for (EntityType<?> entity : emf.getMetamodel().getEntities()) {
      for (NamedQuery query : entity.getJavaType().getAnnotationsByType(NamedQuery.class)) {
        declared.add(query.name());
      }
    }
    assertThat(namedQueryCases().keySet())
        .as("named queries without a case in RepositoryContract.namedQueryCases()")
        .containsAll(declared);
  }

  @TestFactory
  Stream<DynamicTest> everyNamedQueryRunsAndAnswersWhatItsNameSays() {
    return namedQueryCases().entrySet().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.getKey(),
                    () -> {
                      emptyTables();
                      c.getValue().execute();
                    }));
  }

  // --- Constraints and locking -------------------------------------------------------------------

  @Test
  void oneProviderAccountPerIssuerAndSubjectAndOneCredentialPerAccountAndServer() {
    providerAccount("pia", "https://sso.acme.com", "sub-9");
    assertDuplicateRejected(() -> providerAccount("quinn", "https://sso.acme.com", "sub-9"));
    Account rae = account("rae");
    credential(rae, "idp");
    assertDuplicateRejected(() -> credential(rae, "idp"));
  }

  @Test
  void usernamesAreUnique() {
    account("sam");
    assertDuplicateRejected(() -> account("sam"));
  }

  @Test
  void oneConnectionPerAccountAndWorkspace() {
    Account account = account("tina");
    Workspace workspace = workspace();
    connection(account, workspace);
    assertDuplicateRejected(() -> connection(account, workspace));
    // The same account in another workspace, and another account here, are fine.
    connection(account, workspace());
    connection(account("uma"), workspace);
  }

  @Test
  void onePreviewPerConnectionAndUri() {
    Connection connection = connection(account("vic"), workspace());
    preview(connection, "https://acme.com/x");
    assertDuplicateRejected(() -> preview(connection, "https://acme.com/x"));
    preview(connection(account("walt"), workspace()), "https://acme.com/x");
  }

  @Test
  void rowsCannotPointAtMissingRows() {
    assertThatThrownBy(
            () -> persist(new TrackedPreview("no-such-connection", "https://a/1", "s", T0)))
        .satisfies(
            e ->
                assertThat(sqlState(e))
                    .as("foreign key violation (PostgreSQL 23503, H2 23506)")
                    .isIn("23503", "23506"));
  }

  @Test
  void concurrentChangesToATrackedPreviewDoNotOverwriteEachOther() throws SQLException {
    TrackedPreview preview = preview(connection(account("xena"), workspace()), "https://a/1");
    long before = version("tracked_preview", preview.id());

    assertSecondWriterLoses(
        TrackedPreview.class,
        preview.id(),
        p -> p.checkFailed("first", "node-a", T1),
        p -> p.checkFailed("second", "node-b", T1));

    assertThat(read(em -> em.find(TrackedPreview.class, preview.id())).lastError())
        .isEqualTo("first");
    assertThat(version("tracked_preview", preview.id())).isEqualTo(before + 1);
  }

  @Test
  void concurrentAttemptsOfADeliveryDoNotOverwriteEachOther() throws SQLException {
    Delivery delivery =
        delivery(preview(connection(account("yann"), workspace()), "https://a/1"), T0);
    long before = version("delivery", delivery.id());

    assertSecondWriterLoses(
        Delivery.class,
        delivery.id(),
        d -> d.delivered(200, T1),
        d -> d.attemptFailed(503, "late duplicate", T2));

    Delivery loaded = read(em -> em.find(Delivery.class, delivery.id()));
    assertThat(loaded.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(loaded.attempts()).isEqualTo(1);
    assertThat(version("delivery", delivery.id())).isEqualTo(before + 1);
  }

  /** Whether this database takes the {@code FOR UPDATE SKIP LOCKED} path of change detection. */
  abstract boolean skipsLockedRows();

  @Test
  void concurrentClaimsOfDuePreviewsTakeDifferentRowsWithoutWaiting() {
    Assumptions.assumeTrue(skipsLockedRows(), "only PostgreSQL takes this path");
    Connection connection = connection(account("ulla"), workspace());
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      ids.add(preview(connection, "https://a/" + n).id());
    }
    EntityManager first = emf.createEntityManager();
    EntityManager second = emf.createEntityManager();
    try {
      first.getTransaction().begin();
      second.getTransaction().begin();
      List<String> mine = dueSkipLocked(first, 2);
      // the first claim still holds its row locks: the second skips them instead of waiting
      List<String> theirs = dueSkipLocked(second, 10);
      assertThat(mine).hasSize(2);
      assertThat(theirs).hasSize(3).doesNotContainAnyElementsOf(mine);
      assertThat(union(mine, theirs)).containsExactlyInAnyOrderElementsOf(ids);
      first.getTransaction().commit();
      second.getTransaction().commit();
    } finally {
      first.close();
      second.close();
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> dueSkipLocked(EntityManager em, int limit) {
    return em.createNativeQuery(TrackedPreview.DUE_SKIP_LOCKED_SQL)
        .setParameter(1, TrackedPreview.Status.ACTIVE.name())
        .setParameter(2, T2.atOffset(java.time.ZoneOffset.UTC))
        .setParameter(3, limit)
        .getResultList();
  }

  static List<String> union(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // --- Values
  // -------------------------------------------------------------------------------------

  @Test
  void instantsKeepTheirMomentWhateverTheJvmTimeZone() throws SQLException {
    TimeZone original = TimeZone.getDefault();
    Account account;
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham")); // +12:45 / +13:45
      account = account("zoe");
      TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
      String id = account.id();
      assertThat(read(em -> em.find(Account.class, id)).createdAt())
          .as("read in another zone than written")
          .isEqualTo(T0);
      assertThat(storedMoment("account", "created_at", id))
          .as("the moment stored in the database, read with plain JDBC")
          .isEqualTo(T0);
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void instantsAreKeptToTheMicrosecond() {
    Instant withNanos = Instant.parse("2026-01-02T03:04:05.123456789Z");
    TrackedPreview preview =
        new TrackedPreview(
            connection(account("yuri"), workspace()).id(), "https://a/1", "s", withNanos);
    persist(preview);

    Instant loaded = read(em -> em.find(TrackedPreview.class, preview.id())).createdAt();
    assertThat(loaded.getNano() % 1_000).as("no sub-microsecond digits").isZero();
    assertThat(Duration.between(withNanos, loaded).abs()).isLessThan(Duration.ofNanos(1_000));
  }

  @Test
  void largeJsonDocumentsAreStoredWhole() {
    String attributes = json(200_000);
    String payload = json(210_000);
    TrackedPreview preview = preview(connection(account("ada"), workspace()), "https://a/1");
    inTransaction(
        em ->
            em.find(TrackedPreview.class, preview.id())
                .unfurled("s", attributes, "f".repeat(64), T1));
    Delivery delivery =
        new Delivery(
            preview.id(), preview.connectionId(), preview.uri(), payload, "f".repeat(64), T1);
    persist(delivery);

    assertThat(read(em -> em.find(TrackedPreview.class, preview.id())).attributes())
        .isEqualTo(attributes);
    assertThat(read(em -> em.find(Delivery.class, delivery.id())).payload()).isEqualTo(payload);
  }

  // --- Fixtures
  // -----------------------------------------------------------------------------------

  Account account(String username) {
    Account account =
        new Account(
            username,
            username + " Example",
            username + "@acme.com",
            "pbkdf2$hash",
            Set.of(Account.ROLE_USER),
            T0);
    persist(account);
    return account;
  }

  Account providerAccount(String username, String issuer, String subject) {
    Account account =
        Account.ofProvider(issuer, subject, username, username, null, Set.of("user"), T0);
    persist(account);
    return account;
  }

  UpstreamCredential credential(Account account, String serverId) {
    UpstreamCredential credential = new UpstreamCredential(account.id(), serverId, T0);
    credential.renew("sub", "enc-a", "enc-r", T1, null, T0);
    persist(credential);
    return credential;
  }

  Workspace workspace() {
    Workspace workspace = new Workspace("ws-" + randomId(), "Workspace", null, T0);
    persist(workspace);
    return workspace;
  }

  Connection connection(Account account, Workspace workspace) {
    Connection connection =
        new Connection(
            account.id(), workspace, account.username() + "@acme", account.username(), T0);
    persist(connection);
    return connection;
  }

  TrackedPreview preview(Connection connection, String uri) {
    TrackedPreview preview = new TrackedPreview(connection.id(), uri, "ticket", T0);
    persist(preview);
    return preview;
  }

  Delivery delivery(TrackedPreview preview, Instant at) {
    Delivery delivery =
        new Delivery(preview.id(), preview.connectionId(), preview.uri(), "{}", "0".repeat(64), at);
    persist(delivery);
    return delivery;
  }

  /** A JSON document of exactly {@code length} characters, with text outside ASCII and the BMP. */
  static String json(int length) {
    StringBuilder json = new StringBuilder("{\"items\":[");
    String item = "{\"title\":\"Zürich – 東京 – 🚀 \\\"quoted\\\"\",\"n\":12345},";
    while (json.length() + item.length() + 2 <= length) {
      json.append(item);
    }
    json.setLength(json.length() - 1);
    json.append("]}");
    while (json.length() < length) {
      json.insert(json.length() - 2, ' ');
    }
    return json.toString();
  }

  static String randomId() {
    return java.util.UUID.randomUUID().toString();
  }

  // --- Helpers
  // ------------------------------------------------------------------------------------

  void persist(Object... entities) {
    inTransaction(
        em -> {
          for (Object entity : entities) {
            em.persist(entity);
          }
        });
  }

  List<TrackedPreview> activeByUri(String uri) {
    return read(
        em ->
            em.createNamedQuery(TrackedPreview.ACTIVE_BY_URI, TrackedPreview.class)
                .setParameter("uri", uri)
                .setParameter("status", TrackedPreview.Status.ACTIVE)
                .getResultList());
  }

  void inTransaction(Consumer<EntityManager> work) {
    inTransactionAnswer(
        em -> {
          work.accept(em);
          return null;
        });
  }

  int claimIfUnchanged(String id, long version, String claim) {
    return inTransactionAnswer(
        em ->
            em.createNamedQuery(TrackedPreview.CLAIM_IF_UNCHANGED)
                .setParameter("until", T2)
                .setParameter("claim", claim)
                .setParameter("node", "node-a")
                .setParameter("id", id)
                .setParameter("version", version)
                .setParameter("status", TrackedPreview.Status.ACTIVE)
                .executeUpdate());
  }

  int checkedUnchanged(String id, String claim, String hash, Instant next) {
    return inTransactionAnswer(
        em ->
            em.createNamedQuery(TrackedPreview.CHECKED_UNCHANGED)
                .setParameter("now", T1)
                .setParameter("node", "node-a")
                .setParameter("next", next)
                .setParameter("id", id)
                .setParameter("claim", claim)
                .setParameter("hash", hash)
                .setParameter("status", TrackedPreview.Status.ACTIVE)
                .executeUpdate());
  }

  <T> T inTransactionAnswer(Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      T result = work.apply(em);
      em.getTransaction().commit();
      return result;
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  /** Runs a named query with alternating parameter names and values. */
  <T> List<T> query(Class<T> type, String name, Object... parameters) {
    return read(
        em -> {
          var query = em.createNamedQuery(name, type);
          for (int i = 0; i < parameters.length; i += 2) {
            query.setParameter((String) parameters[i], parameters[i + 1]);
          }
          return query.getResultList();
        });
  }

  <T> T read(Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    try {
      return work.apply(em);
    } finally {
      em.close();
    }
  }

  /** Two transactions load the same row; the first commits; the second must fail, not win. */
  <T> void assertSecondWriterLoses(
      Class<T> type, String id, Consumer<T> firstChange, Consumer<T> secondChange) {
    EntityManager first = emf.createEntityManager();
    EntityManager second = emf.createEntityManager();
    try {
      first.getTransaction().begin();
      second.getTransaction().begin();
      T one = first.find(type, id);
      T two = second.find(type, id);
      firstChange.accept(one);
      secondChange.accept(two);
      first.getTransaction().commit();
      assertThatThrownBy(() -> second.getTransaction().commit())
          .isInstanceOf(RollbackException.class)
          .hasCauseInstanceOf(OptimisticLockException.class);
    } finally {
      first.close();
      second.close();
    }
  }

  void assertDuplicateRejected(Runnable duplicate) {
    assertThatThrownBy(duplicate::run)
        .satisfies(e -> assertThat(sqlState(e)).as("unique violation").isEqualTo("23505"));
  }

  /** The SQL state of the database's own error under whatever JPA wrapped it in. */
  static String sqlState(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return fail("no SQLException under " + thrown, thrown);
  }

  void jdbc(String sql) {
    try (var connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  long version(String table, String id) throws SQLException {
    try (var connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT version FROM " + table + " WHERE id = ?")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getLong(1);
      }
    }
  }

  Instant storedMoment(String table, String column, String id) throws SQLException {
    try (var connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getObject(1, OffsetDateTime.class).toInstant();
      }
    }
  }

  Set<String> tablesInDatabase() throws SQLException {
    Set<String> tables = new TreeSet<>();
    try (var connection = dataSource.getConnection();
        ResultSet rows =
            connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        String schema = rows.getString("TABLE_SCHEM");
        if (schema != null && (schema.equalsIgnoreCase("public"))) {
          tables.add(rows.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return tables;
  }

  /** Every class annotated {@code @Entity} under the directory (or jar) the entities come from. */
  static Set<String> entityClassesInMain() throws IOException, URISyntaxException {
    Path root = Path.of(Account.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> entities = new TreeSet<>();
    if (!Files.isDirectory(root)) {
      return entities;
    }
    List<Path> classFiles = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(classFiles::add);
    }
    for (Path file : classFiles) {
      String name =
          root.relativize(file).toString().replace('/', '.').replaceFirst("\\.class$", "");
      if (name.contains("$") || name.endsWith("package-info")) {
        continue;
      }
      try {
        Class<?> type = Class.forName(name, false, RepositoryContract.class.getClassLoader());
        if (type.isAnnotationPresent(Entity.class)) {
          entities.add(name);
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // Classes that cannot even be loaded here are not entities we could map.
      }
    }
    return entities;
  }
}
