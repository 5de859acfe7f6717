package io.previewbridge.platform.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets kept at rest (Notion's tokens, our signing key) with AES-256-GCM.
 *
 * <p>The stored form is {@code v1.<base64url(iv || ciphertext+tag)>}; the version prefix leaves
 * room for key rotation. The associated data binds a ciphertext to its purpose and owner (for
 * example {@code "notion-token:" + connectionId}), so a value copied into another row fails to
 * decrypt instead of silently being used for someone else.
 */
public final class TokenCipher {

  private static final String PREFIX = "v1.";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;

  public TokenCipher(byte[] rawKey) {
    if (rawKey.length != 32) {
      throw new IllegalArgumentException(
          "the encryption key must be 32 bytes (256 bits), found " + rawKey.length);
    }
    this.key = new SecretKeySpec(rawKey, "AES");
  }

  public String encrypt(String plaintext, String associatedData) {
    try {
      byte[] iv = Secrets.randomBytes(IV_BYTES);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * @throws IllegalArgumentException if the value was not produced by this key for this associated
   *     data (tampered, copied to another row, or encrypted under another key)
   */
  public String decrypt(String stored, String associatedData) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not an encrypted value of a known version");
    }
    try {
      byte[] all = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the value cannot be decrypted with the configured encryption key", e);
    }
  }
}
