package io.previewbridge.authorization.control;

import io.previewbridge.authorization.entity.SigningKey;
import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.DatabaseProduct;
import io.previewbridge.platform.control.SystemReady;
import io.previewbridge.platform.control.TokenCipher;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Provides the key pair that signs access tokens. Either the admin configured one ({@code
 * previewbridge.oauth.signing-key}, a PEM PKCS#8 RSA private key, so several servers share it), or
 * the first start generated one (RSA 2048) and stored it in {@code signing_key} with the private
 * half encrypted by {@link TokenCipher}. Either way its public half is published to {@link
 * VerificationKeySource} for MicroProfile JWT. No key material is ever logged.
 */
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
  static final String CONFIG_KEY = "previewbridge.oauth.signing-key";

  @PersistenceContext EntityManager em;
  @Inject TokenCipher cipher;
  @Inject Clock clock;
  @Inject DatabaseProduct database;

  @Inject
  @ConfigProperty(name = CONFIG_KEY)
  Optional<String> configuredKey;

  private volatile SigningKeyPair current;

  @Transactional
  void load(@Observes @Priority(SystemReady.KEYS) SystemReady ready) {
    current =
        configuredKey
            .filter(k -> !k.isBlank())
            .map(SigningKeys::fromConfig)
            .orElseGet(this::stored);
    VerificationKeySource.publish(current.publicKeyPem());
    LOG.info(() -> "Access tokens are signed with key " + current.keyId());
  }

  static SigningKeyPair fromConfig(String pem) {
    try {
      SigningKeyPair pair = SigningKeyPair.fromPrivateKeyPem("configured", pem);
      return new SigningKeyPair(
          SigningKeyPair.thumbprint(pair.publicKey()), pair.privateKey(), pair.publicKey());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationProblem(CONFIG_KEY, e.getMessage());
    }
  }

  private SigningKeyPair stored() {
    // Nodes starting together on an empty database must not each generate a key (tokens signed by
    // one would fail at the other): the first to lock generates it, the others wait and load it.
    database.lockForFirstStart(em);
    var active =
        em.createNamedQuery(SigningKey.ACTIVE, SigningKey.class).setMaxResults(1).getResultList();
    if (!active.isEmpty()) {
      SigningKey key = active.get(0);
      try {
        SigningKeyPair pair =
            SigningKeyPair.fromPrivateKeyPem(
                key.id(), cipher.decrypt(key.encryptedPrivateKey(), key.binding()));
        return pair;
      } catch (IllegalArgumentException e) {
        throw new ConfigurationProblem(
            "previewbridge.encryption-key",
            "cannot decrypt the stored token signing key "
                + key.id()
                + ": the encryption key changed since it was generated");
      }
    }
    SigningKeyPair generated = SigningKeyPair.generate("pending");
    String kid = SigningKeyPair.thumbprint(generated.publicKey());
    SigningKey entity = new SigningKey(kid, "RS256", "", generated.publicKeyPem(), clock.instant());
    SigningKey sealed =
        new SigningKey(
            kid,
            "RS256",
            cipher.encrypt(generated.privateKeyPem(), entity.binding()),
            generated.publicKeyPem(),
            clock.instant());
    em.persist(sealed);
    LOG.info(() -> "Generated the access-token signing key " + kid + " (RSA 2048)");
    return new SigningKeyPair(kid, generated.privateKey(), generated.publicKey());
  }

  /** The pair tokens are signed with; set at start. */
  public SigningKeyPair current() {
    SigningKeyPair pair = current;
    if (pair == null) {
      throw new IllegalStateException("the signing key is not loaded yet");
    }
    return pair;
  }
}
