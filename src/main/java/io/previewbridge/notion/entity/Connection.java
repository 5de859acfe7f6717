package io.previewbridge.notion.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One of our accounts linked to one Notion workspace: the pair Notion knows as an "external
 * account" in its "My connections" list.
 *
 * <p>Invariants: there is at most one connection per (account, workspace), so reconnecting updates
 * it; the Notion token is stored only encrypted (see {@code TokenCipher}) and is removed when the
 * connection is revoked.
 */
@Entity
@Table(name = "connection")
@NamedQuery(
    name = Connection.BY_ACCOUNT_AND_WORKSPACE,
    query =
        "SELECT c FROM Connection c WHERE c.accountId = :accountId AND c.workspace.id ="
            + " :workspaceId")
public class Connection {

  public static final String BY_ACCOUNT_AND_WORKSPACE = "Connection.byAccountAndWorkspace";

  /** What we may do with a connection. */
  public enum Status {
    /** Unfurls are answered and changes pushed. */
    ACTIVE,
    /** Notion answered 401: the user has to connect again before we push anything. */
    NEEDS_RECONNECT,
    /** Disconnected (deleted-token callback or admin): tokens revoked, Notion token deleted. */
    REVOKED
  }

  @Id private String id;

  @Column(name = "account_id", nullable = false)
  private String accountId;

  @ManyToOne(optional = false)
  @JoinColumn(name = "workspace_id")
  private Workspace workspace;

  @Column(name = "external_account_key", nullable = false)
  private String externalAccountKey;

  @Column(name = "external_account_name", nullable = false)
  private String externalAccountName;

  @Column(name = "bot_id")
  private String botId;

  /** Encrypted; null once revoked. */
  @Column(name = "notion_token")
  private String notionToken;

  /** Encrypted; only if Notion issued one. */
  @Column(name = "notion_refresh_token")
  private String notionRefreshToken;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  protected Connection() {}

  public Connection(
      String accountId,
      Workspace workspace,
      String externalAccountKey,
      String externalAccountName,
      Instant now) {
    this.id = UUID.randomUUID().toString();
    this.accountId = accountId;
    this.workspace = workspace;
    this.externalAccountKey = externalAccountKey;
    this.externalAccountName = externalAccountName;
    this.status = Status.ACTIVE;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** A (re)connection: new Notion credentials, the connection active again. */
  public void connect(
      String encryptedNotionToken,
      String encryptedNotionRefreshToken,
      String botId,
      String externalAccountName,
      Instant now) {
    this.notionToken = encryptedNotionToken;
    this.notionRefreshToken = encryptedNotionRefreshToken;
    this.botId = botId;
    this.externalAccountName = externalAccountName;
    this.status = Status.ACTIVE;
    this.revokedAt = null;
    this.updatedAt = now;
  }

  public void revoke(Instant now) {
    this.status = Status.REVOKED;
    this.notionToken = null;
    this.notionRefreshToken = null;
    this.revokedAt = now;
    this.updatedAt = now;
  }

  public void needsReconnect(Instant now) {
    if (status == Status.ACTIVE) {
      this.status = Status.NEEDS_RECONNECT;
      this.updatedAt = now;
    }
  }

  public void used(Instant now) {
    this.lastUsedAt = now;
  }

  public boolean isActive() {
    return status == Status.ACTIVE;
  }

  public String id() {
    return id;
  }

  public String accountId() {
    return accountId;
  }

  public Workspace workspace() {
    return workspace;
  }

  public String externalAccountKey() {
    return externalAccountKey;
  }

  public String externalAccountName() {
    return externalAccountName;
  }

  public String botId() {
    return botId;
  }

  public String encryptedNotionToken() {
    return notionToken;
  }

  public String encryptedNotionRefreshToken() {
    return notionRefreshToken;
  }

  public Status status() {
    return status;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public Instant lastUsedAt() {
    return lastUsedAt;
  }

  public Instant revokedAt() {
    return revokedAt;
  }

  /** Associated data binding an encrypted Notion token to this connection. */
  public String tokenBinding() {
    return "notion-token:" + id;
  }
}
