package io.previewbridge.authorization.control;

import io.previewbridge.platform.control.Secrets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs our access tokens, with its key id ({@code kid}). Knows the PEM
 * forms: PKCS#8 for the private key (what an admin configures, what we store encrypted) and X.509
 * SubjectPublicKeyInfo for the public key (what MicroProfile JWT verifies with).
 */
public record SigningKeyPair(String keyId, RSAPrivateKey privateKey, RSAPublicKey publicKey) {

  @Override
  public String toString() {
    return "SigningKeyPair[keyId=" + keyId + ", privateKey=***]";
  }

  public static SigningKeyPair generate(String keyId) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      var pair = generator.generateKeyPair();
      return new SigningKeyPair(
          keyId, (RSAPrivateKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is required of every Java runtime", e);
    }
  }

  /**
   * Reads a PEM PKCS#8 RSA private key ({@code -----BEGIN PRIVATE KEY-----}) and derives the public
   * key from its CRT parameters.
   *
   * @throws IllegalArgumentException naming what is wrong, never echoing the key
   */
  public static SigningKeyPair fromPrivateKeyPem(String keyId, String pem) {
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "is a PKCS#1 key; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt`");
    }
    if (pem.contains("ENCRYPTED")) {
      throw new IllegalArgumentException("is an encrypted key; supply it unencrypted (PKCS#8)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(strip(pem, "PRIVATE KEY"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not PEM (Base64 between BEGIN/END PRIVATE KEY lines)");
    }
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      var key = rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
      if (!(key instanceof RSAPrivateCrtKey crt)) {
        throw new IllegalArgumentException("is not an RSA private key with CRT parameters");
      }
      if (crt.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("is shorter than 2048 bits");
      }
      RSAPublicKey publicKey =
          (RSAPublicKey)
              rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      return new SigningKeyPair(keyId, crt, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a PKCS#8 RSA private key");
    }
  }

  public String privateKeyPem() {
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  public String publicKeyPem() {
    return pem("PUBLIC KEY", publicKey.getEncoded());
  }

  public static RSAPublicKey publicKeyFromPem(String pem) {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(
                  new X509EncodedKeySpec(Base64.getMimeDecoder().decode(strip(pem, "PUBLIC KEY"))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM RSA public key", e);
    }
  }

  /** A short stable id derived from the public key, so a configured key keeps its kid. */
  public static String thumbprint(RSAPublicKey key) {
    byte[] digest = Secrets.digest(key.getEncoded());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
  }

  private static String strip(String pem, String label) {
    return pem.replace("-----BEGIN " + label + "-----", "")
        .replace("-----END " + label + "-----", "")
        .replaceAll("\\s", "");
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
