package io.previewbridge.platform.control;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Default values for demo mode, between the WAR's own defaults (ordinal 100) and the environment
 * (300) / system properties (400): anything an admin or a test configures explicitly wins, and the
 * demo wins over production defaults such as Notion's real API URL.
 *
 * <p>No developer name: the demo's sources file has its own ("PreviewBridge Demo"), and a sources
 * file given with {@code previewbridge.sources} keeps its own {@code developerName} unless {@code
 * previewbridge.developer-name} is set.
 *
 * <p>A config source cannot ask the config it is part of, so demo mode is read straight from the
 * system property {@code previewbridge.demo} or the environment variable {@code
 * PREVIEWBRIDGE_DEMO}; the README says so.
 */
public class DemoDefaults implements ConfigSource {

  static final Map<String, String> VALUES =
      Map.ofEntries(
          Map.entry("previewbridge.notion.api-url", "${previewbridge.public-url}/simulator"),
          // Consent sends the browser back to the simulator (simulator.war), which plays Notion;
          // Notion's own callback is unreachable from a demo. Authorize compares against this.
          Map.entry(
              "previewbridge.notion.redirect-uri",
              "${previewbridge.public-url}/simulator/callback"),
          Map.entry("previewbridge.sources", "classpath:demo/sources.json"),
          Map.entry("previewbridge.oauth.client-id", "demo-notion-client"),
          Map.entry("previewbridge.oauth.client-secret", "demo-notion-client-secret"),
          Map.entry("previewbridge.notion.client-id", "demo-integration"),
          Map.entry("previewbridge.notion.client-secret", "demo-integration-secret"));

  private final boolean enabled;

  public DemoDefaults() {
    this(demoSwitchedOn());
  }

  DemoDefaults(boolean enabled) {
    this.enabled = enabled;
  }

  static boolean demoSwitchedOn() {
    String value = System.getProperty("previewbridge.demo", System.getenv("PREVIEWBRIDGE_DEMO"));
    return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
  }

  @Override
  public Set<String> getPropertyNames() {
    return enabled ? VALUES.keySet() : Set.of();
  }

  @Override
  public String getValue(String propertyName) {
    return enabled ? VALUES.get(propertyName) : null;
  }

  @Override
  public String getName() {
    return "PreviewBridge demo defaults";
  }

  @Override
  public int getOrdinal() {
    return 150;
  }
}
