package io.previewbridge.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoDefaultsTest {

  @Test
  void demoModePointsNotionsApiAndRedirectAtTheSimulatorWar() {
    DemoDefaults demo = new DemoDefaults(true);
    assertThat(demo.getValue("previewbridge.notion.api-url"))
        .isEqualTo("${previewbridge.public-url}/simulator");
    assertThat(demo.getValue("previewbridge.notion.redirect-uri"))
        .isEqualTo("${previewbridge.public-url}/simulator/callback");
    assertThat(demo.getPropertyNames()).contains("previewbridge.notion.redirect-uri");
  }

  @Test
  void outsideDemoModeNothingIsDefaulted() {
    DemoDefaults off = new DemoDefaults(false);
    assertThat(off.getPropertyNames()).isEmpty();
    assertThat(off.getValue("previewbridge.notion.redirect-uri")).isNull();
  }

  @Test
  void theSimulatorsCredentialsEqualTheDemoDefaults() throws Exception {
    // simulator.war cannot read PreviewBridge's config; its own defaults must say the same thing.
    var properties = new java.util.Properties();
    try (var in =
        java.nio.file.Files.newInputStream(
            java.nio.file.Path.of(
                "src/simulator/resources/META-INF/microprofile-config.properties"))) {
      properties.load(in);
    }
    DemoDefaults demo = new DemoDefaults(true);
    assertThat(properties.getProperty("simulator.integration.client-id"))
        .isEqualTo(demo.getValue("previewbridge.notion.client-id"));
    assertThat(properties.getProperty("simulator.integration.client-secret"))
        .isEqualTo(demo.getValue("previewbridge.notion.client-secret"));
    assertThat(properties.getProperty("simulator.previewbridge.client-id"))
        .isEqualTo(demo.getValue("previewbridge.oauth.client-id"));
    assertThat(properties.getProperty("simulator.previewbridge.client-secret"))
        .isEqualTo(demo.getValue("previewbridge.oauth.client-secret"));
  }
}
