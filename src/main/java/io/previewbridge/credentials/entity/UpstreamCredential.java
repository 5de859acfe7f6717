package io.previewbridge.credentials.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A person's tokens at another server: the company's identity provider ({@value #IDP}) or a
 * product's own OAuth server that the person linked (a {@code providers} entry of the sources
 * file). Previews whose source fetches as the person use these, long after the person signed in.
 *
 * <p>Invariants: at most one per (account, server); both tokens are stored only encrypted, bound to
 * this row ({@link #tokenBinding}); a {@link Status#GONE} credential has no tokens left and says
 * why in {@link #problem()}; it becomes {@link Status#ACTIVE} again only by a new sign-in or link,
 * never by itself.
 */
@Entity
@Table(name = "upstream_credential")
@NamedQuery(
    name = UpstreamCredential.BY_ACCOUNT_AND_SERVER,
    query =
        "SELECT c FROM UpstreamCredential c WHERE c.accountId = :accountId AND c.serverId ="
            + " :serverId")
@NamedQuery(
    name = UpstreamCredential.BY_ACCOUNT,
    query = "SELECT c FROM UpstreamCredential c WHERE c.accountId = :accountId ORDER BY c.serverId")
public class UpstreamCredential {

  public static final String BY_ACCOUNT_AND_SERVER = "UpstreamCredential.byAccountAndServer";
  public static final String BY_ACCOUNT = "UpstreamCredential.byAccount";

  /** The server id of the company's OpenID Connect provider. */
  public static final String IDP = "idp";

  /** Whether the tokens can still be used. */
  public enum Status {
    ACTIVE,
    /** The server refused the refresh for good (revoked, account disabled, expired session). */
    GONE
  }

  @Id private String id;

  @Column(name = "account_id", nullable = false)
  private String accountId;

  @Column(name = "server_id", nullable = false)
  private String serverId;

  /** Who the server says the person is ({@code sub}), for the console. */
  private String subject;

  /** Encrypted. */
  @Column(name = "access_token")
  private String accessToken;

  /** Encrypted; null when the server issued none. */
  @Column(name = "refresh_token")
  private String refreshToken;

  @Column(name = "access_expires_at")
  private Instant accessExpiresAt;

  private String scope;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  private String problem;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected UpstreamCredential() {}

  public UpstreamCredential(String accountId, String serverId, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.accountId = accountId;
    this.serverId = serverId;
    this.status = Status.GONE;
    this.problem = "not signed in yet";
    this.createdAt = now;
    this.updatedAt = now;
  }

  /**
   * Associated data of this row's encrypted tokens: a token copied into another person's row does
   * not decrypt.
   */
  public String tokenBinding(String which) {
    return "upstream-credential:" + id + ":" + accountId + ":" + serverId + ":" + which;
  }

  /**
   * New tokens from a sign-in, a link or a refresh. A refresh that returns no refresh token keeps
   * the one it used ({@code sealedRefresh} null), as RFC 6749 §6 allows.
   */
  public void renew(
      String subject,
      String sealedAccess,
      String sealedRefresh,
      Instant accessExpiresAt,
      String scope,
      Instant now) {
    if (subject != null) {
      this.subject = subject;
    }
    this.accessToken = sealedAccess;
    if (sealedRefresh != null) {
      this.refreshToken = sealedRefresh;
    }
    this.accessExpiresAt = accessExpiresAt;
    if (scope != null) {
      this.scope = scope;
    }
    this.status = Status.ACTIVE;
    this.problem = null;
    this.updatedAt = now;
  }

  /** The server refused for good: the tokens are dropped, and {@code why} is kept. */
  public void gone(String why, Instant now) {
    this.accessToken = null;
    this.refreshToken = null;
    this.accessExpiresAt = null;
    this.status = Status.GONE;
    this.problem = why.length() > 1000 ? why.substring(0, 999) + "\u2026" : why;
    this.updatedAt = now;
  }

  /** The access token is no longer trusted (the upstream answered 401): refresh before use. */
  public void expireAccessToken(Instant now) {
    this.accessExpiresAt = now;
    this.updatedAt = now;
  }

  public String id() {
    return id;
  }

  public String accountId() {
    return accountId;
  }

  public String serverId() {
    return serverId;
  }

  public String subject() {
    return subject;
  }

  public String sealedAccessToken() {
    return accessToken;
  }

  public String sealedRefreshToken() {
    return refreshToken;
  }

  public Instant accessExpiresAt() {
    return accessExpiresAt;
  }

  public String scope() {
    return scope;
  }

  public Status status() {
    return status;
  }

  public boolean active() {
    return status == Status.ACTIVE;
  }

  public String problem() {
    return problem;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
