package io.previewbridge.authorization.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * What one redeemed authorization code issued to Notion: a refresh token (stored as a hash) and
 * every access token minted from it, which carry this grant's id and are rejected once it is
 * revoked.
 *
 * <p>Refresh tokens rotate on use. The previous one stays valid for a short grace period, because
 * Notion may not have received the answer that carried its successor.
 */
@Entity
@Table(name = "token_grant")
@NamedQuery(
    name = TokenGrant.BY_REFRESH_TOKEN,
    query =
        "SELECT g FROM TokenGrant g WHERE g.refreshTokenHash = :hash OR"
            + " g.previousRefreshTokenHash = :hash")
@NamedQuery(
    name = TokenGrant.ACTIVE_OF_CONNECTION,
    query =
        "SELECT g FROM TokenGrant g WHERE g.connectionId = :connectionId AND g.revokedAt IS NULL")
public class TokenGrant {

  public static final String BY_REFRESH_TOKEN = "TokenGrant.byRefreshToken";
  public static final String ACTIVE_OF_CONNECTION = "TokenGrant.activeOfConnection";

  @Id private String id;

  @Column(name = "connection_id", nullable = false)
  private String connectionId;

  @Column(name = "code_hash")
  private String codeHash;

  private String scope;

  @Column(name = "refresh_token_hash", nullable = false)
  private String refreshTokenHash;

  @Column(name = "previous_refresh_token_hash")
  private String previousRefreshTokenHash;

  @Column(name = "previous_valid_until")
  private Instant previousValidUntil;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "refreshed_at")
  private Instant refreshedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "revocation_reason")
  private String revocationReason;

  protected TokenGrant() {}

  public TokenGrant(
      String connectionId, String codeHash, String scope, String refreshTokenHash, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.connectionId = connectionId;
    this.codeHash = codeHash;
    this.scope = scope;
    this.refreshTokenHash = refreshTokenHash;
    this.createdAt = now;
  }

  /**
   * Whether {@code hash} may be used to refresh now: the current token, or its predecessor in
   * grace.
   */
  public boolean acceptsRefreshToken(String hash, Instant now) {
    if (revokedAt != null) {
      return false;
    }
    if (hash.equals(refreshTokenHash)) {
      return true;
    }
    return hash.equals(previousRefreshTokenHash)
        && previousValidUntil != null
        && now.isBefore(previousValidUntil);
  }

  /**
   * Whether {@code hash} is this grant's previous refresh token presented after its grace: it was
   * rotated, so two parties hold tokens of this grant and one of them is not Notion (RFC 9700
   * §4.14.2).
   */
  public boolean isReuseOfRotated(String hash, Instant now) {
    return revokedAt == null
        && hash.equals(previousRefreshTokenHash)
        && (previousValidUntil == null || !now.isBefore(previousValidUntil));
  }

  /** When the grant was last used: its last refresh, or its creation. */
  public Instant lastUsedAt() {
    return refreshedAt != null ? refreshedAt : createdAt;
  }

  public void rotate(String newRefreshTokenHash, Instant now, Instant previousValidUntil) {
    this.previousRefreshTokenHash = this.refreshTokenHash;
    this.previousValidUntil = previousValidUntil;
    this.refreshTokenHash = newRefreshTokenHash;
    this.refreshedAt = now;
  }

  public void revoke(String reason, Instant now) {
    if (revokedAt == null) {
      this.revokedAt = now;
      this.revocationReason = reason;
    }
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  /**
   * Why this grant is over at {@code now} though never revoked (empty: it is not): it was not
   * refreshed for longer than {@code idle}, or it is older than {@code maxAge}.
   */
  public java.util.Optional<String> overAt(
      Instant now, java.time.Duration idle, java.time.Duration maxAge) {
    if (lastUsedAt().plus(idle).isBefore(now)) {
      return java.util.Optional.of("was idle longer than " + idle);
    }
    if (createdAt().plus(maxAge).isBefore(now)) {
      return java.util.Optional.of("is older than " + maxAge);
    }
    return java.util.Optional.empty();
  }

  public String id() {
    return id;
  }

  public String connectionId() {
    return connectionId;
  }

  public String scope() {
    return scope;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant refreshedAt() {
    return refreshedAt;
  }

  public Instant revokedAt() {
    return revokedAt;
  }

  public String revocationReason() {
    return revocationReason;
  }
}
