package io.previewbridge.platform.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets, their one-way hashes, and comparisons that do not leak timing.
 *
 * <p>Codes and refresh tokens are high-entropy random strings, so a plain SHA-256 is the right hash
 * for storing them: there is nothing to brute-force that a slow hash would protect.
 */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A URL-safe random string carrying {@code bytes * 8} bits of entropy. */
  public static String randomToken(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }

  public static byte[] randomBytes(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return buffer;
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code value}. */
  public static String sha256(String value) {
    return HexFormat.of().formatHex(digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] digest(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  /**
   * Compares two secrets in time that depends only on their lengths' digests, never on where they
   * first differ. Both sides are hashed first so that a length difference leaks nothing either.
   */
  public static boolean constantTimeEquals(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        digest(expected.getBytes(StandardCharsets.UTF_8)),
        digest(presented.getBytes(StandardCharsets.UTF_8)));
  }
}
