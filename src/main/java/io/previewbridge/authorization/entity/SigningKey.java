package io.previewbridge.authorization.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The key pair that signs our access tokens, generated at first start. The private key is kept only
 * encrypted; the public key (PEM) is what MicroProfile JWT verifies with.
 */
@Entity
@Table(name = "signing_key")
@NamedQuery(
    name = SigningKey.ACTIVE,
    query = "SELECT k FROM SigningKey k WHERE k.active = true ORDER BY k.createdAt DESC")
public class SigningKey {

  public static final String ACTIVE = "SigningKey.active";

  @Id private String id;

  @Column(nullable = false)
  private String algorithm;

  @Column(name = "private_key", nullable = false)
  private String encryptedPrivateKey;

  @Column(name = "public_key", nullable = false)
  private String publicKeyPem;

  @Column(nullable = false)
  private boolean active;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected SigningKey() {}

  public SigningKey(
      String id, String algorithm, String encryptedPrivateKey, String publicKeyPem, Instant now) {
    this.id = id;
    this.algorithm = algorithm;
    this.encryptedPrivateKey = encryptedPrivateKey;
    this.publicKeyPem = publicKeyPem;
    this.active = true;
    this.createdAt = now;
  }

  public String id() {
    return id;
  }

  public String algorithm() {
    return algorithm;
  }

  public String encryptedPrivateKey() {
    return encryptedPrivateKey;
  }

  public String publicKeyPem() {
    return publicKeyPem;
  }

  /** Associated data binding the encrypted private key to this key id. */
  public String binding() {
    return "signing-key:" + id;
  }
}
