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
  void demoModeLeavesTheDeveloperNameToTheSourcesFile() throws Exception {
    // Issue 14: a sources file given with previewbridge.sources in demo mode kept losing its own
    // developerName to a demo default. The demo's own file carries the demo's name instead.
    assertThat(new DemoDefaults(true).getPropertyNames())
        .doesNotContain("previewbridge.developer-name");
    assertThat(new DemoDefaults(true).getValue("previewbridge.developer-name")).isNull();
    String demoSources =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("src/main/resources/demo/sources.json"));
    assertThat(
            jakarta.json.Json.createReader(new java.io.StringReader(demoSources))
                .readObject()
                .getString("developerName"))
        .isEqualTo("PreviewBridge Demo");
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
