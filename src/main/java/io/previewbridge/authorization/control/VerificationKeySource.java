package io.previewbridge.authorization.control;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Serves {@code mp.jwt.verify.publickey} to MicroProfile JWT: the PEM public key of the pair
 * {@link SigningKeys} loaded or generated at start. The key only exists at run time (it may have
 * been generated a moment ago), so it cannot sit in a properties file.
 *
 * <p>Registered in {@code META-INF/services}, so the WAR's class loader creates it; {@link
 * SigningKeys} fills the static holder while the application starts, before any request can carry
 * a token. Payara's verifier reads the value lazily, on the first token it checks, and caches it.
 * The ordinal (250) puts it above the WAR's defaults and below environment variables and system
 * properties, so an admin can still override it.
 */
public class VerificationKeySource implements ConfigSource {

  static final String KEY = "mp.jwt.verify.publickey";
  private static volatile String publicKeyPem;

  static void publish(String pem) {
    publicKeyPem = pem;
  }

  @Override
  public Map<String, String> getProperties() {
    String pem = publicKeyPem;
    return pem == null ? Map.of() : Map.of(KEY, pem);
  }

  @Override
  public Set<String> getPropertyNames() {
    return publicKeyPem == null ? Set.of() : Set.of(KEY);
  }

  @Override
  public String getValue(String propertyName) {
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
