package io.previewbridge.admin.control;

import io.previewbridge.identity.entity.Account;
import io.previewbridge.notion.control.Connections;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.control.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The connections as the console shows them (account, workspace, dates, status), and the admin's
 * revoke. Revoking goes through {@link Connections#revoke}, exactly like Notion's deleted-token
 * callback: the Notion token is deleted, and {@code ConnectionRevoked} stops the connection's
 * previews and supersedes its pending deliveries, in the same transaction as the audit entry.
 */
@ApplicationScoped
public class AdminConnections {

  /** One row of the list. */
  public record Row(
      String id,
      String accountId,
      String username,
      String workspaceId,
      String workspaceName,
      String notionUser,
      Connection.Status status,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /** The most rows one list returns. */
  public static final int MAX_LIMIT = 500;

  @PersistenceContext EntityManager em;
  @Inject Connections connections;
  @Inject AuditLog auditLog;

  /** Connections, newest first, optionally of one status. */
  @Transactional
  public List<Row> list(Connection.Status status, int limit) {
    var query =
        em.createQuery(
            "SELECT c FROM Connection c"
                + (status == null ? "" : " WHERE c.status = :status")
                + " ORDER BY c.createdAt DESC, c.id",
            Connection.class);
    if (status != null) {
      query.setParameter("status", status);
    }
    List<Connection> found = query.setMaxResults(limit).getResultList();
    Map<String, Account> accounts = accountsOf(found);
    return found.stream().map(c -> row(c, accounts.get(c.accountId()))).toList();
  }

  /** One connection's row. */
  @Transactional
  public Row get(String id) {
    Connection c = find(id);
    return row(c, em.find(Account.class, c.accountId()));
  }

  /**
   * Revokes a connection for {@code actor}, and records it. Revoking a revoked connection changes
   * nothing and is not recorded again.
   *
   * @return whether the connection was active (or waiting for reconnection) until now
   * @throws NotFound if there is no such connection
   */
  @Transactional
  public boolean revoke(String actor, String id) {
    Connection c = find(id);
    Connection.Status before = c.status();
    boolean changed = connections.revoke(id);
    if (changed) {
      Account account = em.find(Account.class, c.accountId());
      auditLog.record(
          actor,
          "connection.revoke",
          id,
          "Revoked the connection of "
              + (account == null ? c.accountId() : account.username())
              + " to workspace "
              + workspaceLabel(c)
              + " (was "
              + before.name().toLowerCase()
              + ")");
      // a delivery claimed meanwhile makes this fail here, as a conflict, not at commit
      em.flush();
    }
    return changed;
  }

  private Connection find(String id) {
    Connection c = id == null ? null : em.find(Connection.class, id);
    if (c == null) {
      throw new NotFound("No connection " + id);
    }
    return c;
  }

  private Map<String, Account> accountsOf(List<Connection> found) {
    List<String> ids = found.stream().map(Connection::accountId).distinct().toList();
    if (ids.isEmpty()) {
      return Map.of();
    }
    return em.createQuery("SELECT a FROM Account a WHERE a.id IN :ids", Account.class)
        .setParameter("ids", ids)
        .getResultStream()
        .collect(Collectors.toMap(Account::id, Function.identity()));
  }

  private static Row row(Connection c, Account account) {
    return new Row(
        c.id(),
        c.accountId(),
        account == null ? null : account.username(),
        c.workspace().id(),
        c.workspace().name(),
        c.externalAccountName(),
        c.status(),
        c.createdAt(),
        c.lastUsedAt(),
        c.revokedAt());
  }

  private static String workspaceLabel(Connection c) {
    String name = c.workspace().name();
    return name == null || name.isBlank()
        ? c.workspace().id()
        : name + " (" + c.workspace().id() + ")";
  }
}
