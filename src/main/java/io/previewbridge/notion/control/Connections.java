package io.previewbridge.notion.control;

import io.previewbridge.notion.entity.Connection;
import io.previewbridge.notion.entity.Workspace;
import io.previewbridge.platform.control.TokenCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/**
 * The links between our accounts and Notion workspaces. Connecting the same account to the same
 * workspace again updates its one connection (Notion recognises it by the external account key);
 * Notion's tokens are kept only encrypted, bound to their connection.
 */
@ApplicationScoped
public class Connections {

  @PersistenceContext EntityManager em;
  @Inject TokenCipher cipher;
  @Inject Clock clock;
  @Inject Event<ConnectionRevoked> revoked;

  /** Creates or updates the connection of {@code accountId} to the workspace Notion named. */
  @Transactional
  public Connection connect(
      String accountId, NotionTokenRequest.ExternalAccount account, NotionToken token) {
    var now = clock.instant();
    Workspace workspace = em.find(Workspace.class, token.workspaceId());
    if (workspace == null) {
      workspace =
          new Workspace(token.workspaceId(), token.workspaceName(), token.workspaceIcon(), now);
      em.persist(workspace);
    } else {
      workspace.describe(token.workspaceName(), token.workspaceIcon(), now);
    }
    Connection connection =
        em.createNamedQuery(Connection.BY_ACCOUNT_AND_WORKSPACE, Connection.class)
            .setParameter("accountId", accountId)
            .setParameter("workspaceId", workspace.id())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (connection == null) {
      connection = new Connection(accountId, workspace, account.key(), account.name(), now);
      em.persist(connection);
    }
    connection.connect(
        cipher.encrypt(token.accessToken(), connection.tokenBinding()),
        token.refreshToken() == null
            ? null
            : cipher.encrypt(token.refreshToken(), connection.tokenBinding() + ":refresh"),
        token.botId(),
        account.name(),
        now);
    return connection;
  }

  public Optional<Connection> find(String connectionId) {
    return connectionId == null
        ? Optional.empty()
        : Optional.ofNullable(em.find(Connection.class, connectionId));
  }

  /** The Notion token of an active connection, decrypted for one call to Notion. */
  public Optional<String> notionToken(Connection connection) {
    String sealed = connection.encryptedNotionToken();
    return sealed == null
        ? Optional.empty()
        : Optional.of(cipher.decrypt(sealed, connection.tokenBinding()));
  }

  /**
   * Disconnects: deletes Notion's token and tells the other features ({@link ConnectionRevoked}, in
   * this transaction) to stop working for the connection. Idempotent; returns whether anything
   * changed.
   */
  @Transactional
  public boolean revoke(String connectionId) {
    Connection connection = connectionId == null ? null : em.find(Connection.class, connectionId);
    if (connection == null || connection.status() == Connection.Status.REVOKED) {
      return false;
    }
    connection.revoke(clock.instant());
    revoked.fire(new ConnectionRevoked(connectionId));
    return true;
  }
}
