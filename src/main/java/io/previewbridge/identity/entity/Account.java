package io.previewbridge.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A built-in account of the company's people: who signs in on the consent page and whose
 * permissions a preview is fetched with. The password is kept only as a PBKDF2 hash from Jakarta
 * Security's {@code Pbkdf2PasswordHash}.
 */
@Entity
@Table(name = "account")
@NamedQuery(
    name = Account.BY_USERNAME,
    query = "SELECT a FROM Account a WHERE a.username = :username")
public class Account {

  public static final String BY_USERNAME = "Account.byUsername";
  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";

  @Id private String id;

  @Column(nullable = false, unique = true)
  private String username;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  private String email;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  /** Comma-separated role names. */
  @Column(nullable = false)
  private String roles;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Account() {}

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

  public void changePasswordHash(String newHash) {
    this.passwordHash = newHash;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
