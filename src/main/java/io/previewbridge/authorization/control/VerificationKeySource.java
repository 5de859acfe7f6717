package io.previewbridge.authorization.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Serves {@code mp.jwt.verify.publickey} to MicroProfile JWT: the PEM public key of the pair {@link
 * SigningKeys} loaded or generated at start. The key only exists at run time (it may have been
 * generated a moment ago), so it cannot sit in a properties file.
 *
 * <p>Registered in {@code META-INF/services}, so the WAR's class loader creates it; {@link
 * SigningKeys} fills the static holder while the application starts, before any request can carry a
 * token. Payara's verifier reads the value lazily, on the first token it checks, and caches it. The
 * ordinal (250) puts it above the WAR's defaults and below environment variables and system
 * properties, so an admin can still override it.
 *
 * <p>Payara's config caches every value it was asked for, a missing one included, and Payara's
 * MP-JWT asks for {@code mp.jwt.verify.publickey} while the application deploys, before the key
 * exists; the first tokens would then be refused as "No PublicKey found" until that cache expires.
 * So this source also serves {@code mp.jwt.verify.publickey.location}, which MP-JWT consults next:
 * a {@code file:} URL fixed when this class loads (an owner-only temporary directory), whose
 * content is written at start and read by MP-JWT only when it verifies a token.
 */
public class VerificationKeySource implements ConfigSource {

  static final String KEY = "mp.jwt.verify.publickey";
  static final String LOCATION_KEY = "mp.jwt.verify.publickey.location";
  private static final Path FILE = keyFile();
  private static volatile String publicKeyPem;

  static void publish(String pem) {
    publicKeyPem = pem;
    try {
      Path temporary = Files.createTempFile(FILE.getParent(), "key", ".tmp");
      Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
      Files.move(
          temporary,
          FILE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token verification key to " + FILE, e);
    }
  }

  /** An owner-only directory of its own, so nobody else can put a key there. */
  private static Path keyFile() {
    try {
      Path directory = Files.createTempDirectory("previewbridge-jwt");
      directory.toFile().deleteOnExit();
      Path file = directory.resolve("verification-key.pem");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the token verification key", e);
    }
  }

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put(LOCATION_KEY, FILE.toUri().toString());
    String pem = publicKeyPem;
    if (pem != null) {
      properties.put(KEY, pem);
    }
    return properties;
  }

  @Override
  public Set<String> getPropertyNames() {
    return getProperties().keySet();
  }

  @Override
  public String getValue(String propertyName) {
    if (LOCATION_KEY.equals(propertyName)) {
      return FILE.toUri().toString();
    }
    return KEY.equals(propertyName) ? publicKeyPem : null;
  }

  @Override
  public String getName() {
    return "PreviewBridge token verification key";
  }

  @Override
  public int getOrdinal() {
    return 250;
  }
}
