package io.previewbridge.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the key that encrypts secrets at rest comes from: {@code previewbridge.encryption-key} (32
 * bytes, Base64). Only in demo mode may it be missing; the demo then keeps a generated key in
 * {@code <data-dir>/encryption.key} beside its embedded database, which is fine for a demo and
 * exactly what production must not do.
 */
@ApplicationScoped
public class EncryptionKeys {

  private static final Logger LOG = Logger.getLogger(EncryptionKeys.class.getName());
  static final String KEY = "previewbridge.encryption-key";

  @Inject
  @ConfigProperty(name = KEY)
  Optional<String> configuredKey;

  @Inject
  @ConfigProperty(name = "previewbridge.demo", defaultValue = "false")
  boolean demo;

  @Inject
  @ConfigProperty(name = "previewbridge.data-dir", defaultValue = "data")
  String dataDir;

  private TokenCipher cipher;

  @Produces
  TokenCipher cipher() {
    if (cipher == null) {
      cipher = new TokenCipher(rawKey());
    }
    return cipher;
  }

  byte[] rawKey() {
    if (configuredKey.isPresent() && !configuredKey.get().isBlank()) {
      return decode(configuredKey.get().trim());
    }
    if (!demo) {
      throw new ConfigurationProblem(
          KEY,
          "is required outside demo mode: 32 random bytes in Base64, for example the output of"
              + " `openssl rand -base64 32` (env var PREVIEWBRIDGE_ENCRYPTION_KEY)");
    }
    return demoKeyFile(Path.of(dataDir, "encryption.key"));
  }

  static byte[] decode(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationProblem(KEY, "is not valid Base64");
    }
    if (raw.length != 32) {
      throw new ConfigurationProblem(
          KEY, "must decode to 32 bytes (AES-256), it decodes to " + raw.length);
    }
    return raw;
  }

  static byte[] demoKeyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
          Files.writeString(
              Files.createFile(file), Base64.getEncoder().encodeToString(Secrets.randomBytes(32)));
          setOwnerOnly(file);
          LOG.info(() -> "Demo mode: generated an encryption key in " + file.toAbsolutePath());
        } catch (FileAlreadyExistsException raced) {
          // another instance created it first; use theirs
        }
      }
      return decode(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the demo key " + file, e);
    }
  }

  private static void setOwnerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException notPosix) {
      // Windows: the file inherits the folder's ACL
    }
  }
}
