package io.previewbridge.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One of the company's people: who signs in on the consent page and the console, and whose
 * permissions a preview is fetched with. Either a built-in account, whose password is kept only as
 * a PBKDF2 hash from Jakarta Security's {@code Pbkdf2PasswordHash}, or an account of the company's
 * OpenID Connect provider, keyed by issuer and subject and without a password.
 *
 * <p>Invariants: {@code issuer} and {@code subject} are both set or both null, and no two accounts
 * share them; a provider's account is never matched by username, so a built-in account and a
 * provider's person with the same name stay two people. {@link #externalKey()} never changes for an
 * account: Notion recognises reconnections by it.
 */
@Entity
@Table(name = "account")
@NamedQuery(
    name = Account.BY_USERNAME,
    query = "SELECT a FROM Account a WHERE a.username = :username")
@NamedQuery(
    name = Account.BY_ISSUER_AND_SUBJECT,
    query = "SELECT a FROM Account a WHERE a.issuer = :issuer AND a.subject = :subject")
public class Account {

  public static final String BY_USERNAME = "Account.byUsername";
  public static final String BY_ISSUER_AND_SUBJECT = "Account.byIssuerAndSubject";
  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";

  @Id private String id;

  @Column(nullable = false, unique = true)
  private String username;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  private String email;

  /** Null for an account of the identity provider. */
  @Column(name = "password_hash")
  private String passwordHash;

  /** Comma-separated role names. */
  @Column(nullable = false)
  private String roles;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** The identity provider's issuer; null for a built-in account. */
  private String issuer;

  /** The provider's stable id of the person ({@code sub}); null for a built-in account. */
  private String subject;

  @Column(name = "last_sign_in_at")
  private Instant lastSignInAt;

  /** Sessions signed in before this moment are over (password reset, disabled, revoked). */
  @Column(name = "sessions_valid_after")
  private Instant sessionsValidAfter;

  protected Account() {}

  /** A person the identity provider vouched for, on their first sign-in. */
  public static Account ofProvider(
      String issuer,
      String subject,
      String username,
      String displayName,
      String email,
      Set<String> roles,
      Instant now) {
    Account account = new Account(username, displayName, email, null, roles, now);
    account.issuer = issuer;
    account.subject = subject;
    account.lastSignInAt = now;
    return account;
  }

  public Account(
      String username,
      String displayName,
      String email,
      String passwordHash,
      Set<String> roles,
      Instant now) {
    this.id = UUID.randomUUID().toString();
    this.username = username;
    this.displayName = displayName;
    this.email = email;
    this.passwordHash = passwordHash;
    this.roles = String.join(",", roles);
    this.enabled = true;
    this.createdAt = now;
  }

  public String id() {
    return id;
  }

  public String username() {
    return username;
  }

  public String displayName() {
    return displayName;
  }

  public String email() {
    return email;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public Set<String> roles() {
    return Arrays.stream(roles.split(","))
        .map(String::trim)
        .filter(r -> !r.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  public boolean hasRole(String role) {
    return roles().contains(role);
  }

  public boolean enabled() {
    return enabled;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String issuer() {
    return issuer;
  }

  public String subject() {
    return subject;
  }

  public Instant lastSignInAt() {
    return lastSignInAt;
  }

  /** Whether the person signs in at the identity provider (and has no password here). */
  public boolean fromProvider() {
    return issuer != null;
  }

  /**
   * The stable {@code external_account.key} Notion is given: for a provider's person, derived from
   * issuer and subject (a hash, so the provider's address is not sent to Notion); for a built-in
   * account, its id.
   */
  public String externalKey() {
    return externalKeyOf(issuer, subject).orElse(id);
  }

  static Optional<String> externalKeyOf(String issuer, String subject) {
    if (issuer == null || subject == null) {
      return Optional.empty();
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((issuer + "\n" + subject).getBytes(StandardCharsets.UTF_8));
      return Optional.of("oidc-" + HexFormat.of().formatHex(hash, 0, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the provider said at this sign-in; the roles follow its groups. */
  public void signedInAtProvider(
      String username, String displayName, String email, Set<String> roles, Instant now) {
    this.username = username;
    this.displayName = displayName;
    this.email = email;
    this.roles = String.join(",", roles);
    this.lastSignInAt = now;
  }

  public void signedIn(Instant now) {
    this.lastSignInAt = now;
  }

  /** Every session signed in until {@code now}, on any node, ends at its next request. */
  public void endSessions(Instant now) {
    this.sessionsValidAfter = now;
  }

  /** Whether a session that signed in at {@code signedInAt} may still act for this account. */
  public boolean acceptsSessionFrom(Instant signedInAt) {
    return enabled
        && (sessionsValidAfter == null
            || (signedInAt != null && signedInAt.isAfter(sessionsValidAfter)));
  }

  public Instant sessionsValidAfter() {
    return sessionsValidAfter;
  }

  public void changePasswordHash(String newHash) {
    this.passwordHash = newHash;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
