package io.previewbridge.simulator;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The real {@code target/simulator.war} the build produced, with a test's {@code simulator.*}
 * settings laid over its defaults, named simulator.war so that it is served at {@code /simulator}
 * exactly as in the demo.
 */
final class SimulatorDeployment {

  static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

  private SimulatorDeployment() {}

  static WebArchive simulator(Map<String, String> config) {
    File war = new File(System.getProperty("simulator.war", "target/simulator.war"));
    if (!war.isFile()) {
      throw new IllegalStateException(
          war + " does not exist: in-container tests run after `mvn package` (use `mvn verify`)");
    }
    WebArchive archive =
        ShrinkWrap.create(WebArchive.class, "simulator.war")
            .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war));
    Properties properties = new Properties();
    var node = archive.get(ArchivePaths.create(CONFIG));
    if (node != null && node.getAsset() != null) {
      try (InputStream in = node.getAsset().openStream()) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    properties.putAll(config);
    archive.delete(CONFIG);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      properties.store(out, "Simulator test configuration");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    archive.add(new StringAsset(out.toString(StandardCharsets.ISO_8859_1)), CONFIG);
    return archive;
  }
}
