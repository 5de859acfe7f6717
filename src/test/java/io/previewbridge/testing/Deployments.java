package io.previewbridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR under test: the real {@code target/previewbridge.war} the build produced, with the test's
 * configuration laid over its defaults. Deployed as {@code ROOT.war}, so it is served at the
 * context root exactly as in production.
 */
public final class Deployments {

  static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

  /** A fixed test key; production keys come from configuration. */
  public static final String TEST_ENCRYPTION_KEY =
      Base64.getEncoder().encodeToString("previewbridge-test-key-32-bytes!".getBytes());

  public static final String CLIENT_ID = "notion-test-client";
  public static final String CLIENT_SECRET = "notion-test-secret-0123456789";
  public static final String NOTION_CLIENT_ID = "integration-client";
  public static final String NOTION_CLIENT_SECRET = "integration-secret";

  private Deployments() {}

  /** Settings every in-container test needs; pass more (or overrides) in {@code config}. */
  public static Map<String, String> baseConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("previewbridge.encryption-key", TEST_ENCRYPTION_KEY);
    config.put("previewbridge.oauth.client-id", CLIENT_ID);
    config.put("previewbridge.oauth.client-secret", CLIENT_SECRET);
    config.put("previewbridge.notion.client-id", NOTION_CLIENT_ID);
    config.put("previewbridge.notion.client-secret", NOTION_CLIENT_SECRET);
    config.put("previewbridge.developer-name", "Acme Test");
    return config;
  }

  public static WebArchive previewBridge(Map<String, String> config) {
    File war = new File(System.getProperty("previewbridge.war", "target/previewbridge.war"));
    if (!war.isFile()) {
      throw new IllegalStateException(
          war + " does not exist: in-container tests run after `mvn package` (use `mvn verify`)");
    }
    WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, war);
    WebArchive renamed = ShrinkWrap.create(WebArchive.class, "ROOT.war").merge(archive);
    Properties properties = new Properties();
    properties.putAll(readProperties(renamed, CONFIG));
    properties.putAll(config);
    renamed.delete(CONFIG);
    renamed.add(new StringAsset(toText(properties)), CONFIG);
    return renamed;
  }

  private static Properties readProperties(WebArchive archive, String path) {
    Properties properties = new Properties();
    var node =
        archive.get(ArchivePath.class.cast(org.jboss.shrinkwrap.api.ArchivePaths.create(path)));
    if (node != null && node.getAsset() != null) {
      try (InputStream in = node.getAsset().openStream()) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return properties;
  }

  private static String toText(Properties properties) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      properties.store(out, "PreviewBridge test configuration");
      return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
