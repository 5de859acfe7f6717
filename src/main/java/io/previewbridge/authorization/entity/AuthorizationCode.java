package io.previewbridge.authorization.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A one-time code we issued to Notion after consent (RFC 6749 §4.1.2).
 *
 * <p>Invariants: only the SHA-256 of the code is stored; it is bound to the client and the exact
 * redirect URI it was issued for; it is redeemed at most once, and a second redemption revokes the
 * grant the first one created (RFC 9700 §4.1.1 / RFC 6749 §10.5).
 */
@Entity
@Table(name = "authorization_code")
public class AuthorizationCode {

  @Id
  @Column(name = "code_hash")
  private String codeHash;

  @Column(name = "connection_id", nullable = false)
  private String connectionId;

  @Column(name = "client_id", nullable = false)
  private String clientId;

  @Column(name = "redirect_uri", nullable = false)
  private String redirectUri;

  private String scope;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "redeemed_at")
  private Instant redeemedAt;

  @Column(name = "grant_id")
  private String grantId;

  /** The PKCE S256 challenge the authorization request carried; null without PKCE. */
  @Column(name = "code_challenge")
  private String codeChallenge;

  protected AuthorizationCode() {}

  public AuthorizationCode(
      String codeHash,
      String connectionId,
      String clientId,
      String redirectUri,
      String scope,
      Instant now,
      Instant expiresAt) {
    this.codeHash = codeHash;
    this.connectionId = connectionId;
    this.clientId = clientId;
    this.redirectUri = redirectUri;
    this.scope = scope;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }

  /** Binds the code to the PKCE challenge of its authorization request (RFC 7636). */
  public void requireVerifierOf(String challenge) {
    this.codeChallenge = challenge;
  }

  public String codeChallenge() {
    return codeChallenge;
  }

  public void redeemed(String grantId, Instant now) {
    this.grantId = grantId;
    this.redeemedAt = now;
  }

  public boolean isRedeemed() {
    return redeemedAt != null;
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  public String codeHash() {
    return codeHash;
  }

  public String connectionId() {
    return connectionId;
  }

  public String clientId() {
    return clientId;
  }

  public String redirectUri() {
    return redirectUri;
  }

  public String scope() {
    return scope;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public String grantId() {
    return grantId;
  }
}
