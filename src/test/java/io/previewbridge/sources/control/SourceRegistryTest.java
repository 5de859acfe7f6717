package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.platform.control.ConfigurationProblem;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceRegistryTest {

  static final String TWO_SOURCES =
      """
{"developerName":"From File","sources":[
  {"id":"ticket","pattern":"^https://tracker\\\\.acme\\\\.com/tickets/(?<num>\\\\d+)$","samples":["https://tracker.acme.com/tickets/42"],
   "attributes":[{"id":"title","type":"title","value":"Ticket {num}"}]},
  {"id":"any-acme","pattern":"^https://(?<host>[a-z]+)\\\\.acme\\\\.com/.*$","samples":["https://wiki.acme.com/x"],
   "attributes":[{"id":"title","type":"title","value":"{host}"}]}]}
""";

  static SourceRegistry registry(String json, String configuredName) {
    SourceRegistry registry = new SourceRegistry();
    registry.load(json, "test", Optional.ofNullable(configuredName), key -> Optional.empty());
    return registry;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://tracker.acme.com/tickets/42, ticket, num=42",
    "https://tracker.acme.com/tickets/42/comments, any-acme, host=tracker",
    "https://wiki.acme.com/pages/1, any-acme, host=wiki",
    "https://tracker.acme.com/tickets/abc, any-acme, host=tracker",
    "https://evil.example/?u=https://tracker.acme.com/tickets/1, , ",
    "http://tracker.acme.com/tickets/42, , ",
  })
  void urisMatchTheFirstSourceWhosePatternFindsThem(String uri, String sourceId, String group) {
    var match = registry(TWO_SOURCES, null).match(uri);
    if (sourceId == null) {
      assertThat(match).isEmpty();
      return;
    }
    assertThat(match).isPresent();
    assertThat(match.get().source().id()).isEqualTo(sourceId);
    String[] kv = group.split("=");
    assertThat(match.get().groups()).isEqualTo(Map.of(kv[0], kv[1]));
  }

  @Test
  void configuredDeveloperNameWinsOverTheFile() {
    assertThat(registry(TWO_SOURCES, "From Config").developerName()).isEqualTo("From Config");
    assertThat(registry(TWO_SOURCES, null).developerName()).isEqualTo("From File");
    assertThat(registry(TWO_SOURCES, " ").developerName()).isEqualTo("From File");
  }

  @Test
  void startFailsWithoutAnyDeveloperName() {
    assertThatThrownBy(() -> registry("{\"sources\":[]}", null))
        .isInstanceOf(InvalidSources.class)
        .hasMessage(
            "previewbridge.sources (test) has 1 problem:\n  - $.developerName: is required when"
                + " previewbridge.developer-name is not set: Notion requires the dev attribute");
    assertThat(registry("{\"sources\":[]}", "Configured").developerName()).isEqualTo("Configured");
  }

  @Test
  void missingFilesAndResourcesAreNamed() {
    assertThatThrownBy(() -> SourceRegistry.read("classpath:sources/nope.json"))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessage(
            "previewbridge.sources names a resource that does not exist:"
                + " classpath:sources/nope.json");
    assertThatThrownBy(() -> SourceRegistry.read("/no/such/sources.json"))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining("names a file that does not exist: /no/such/sources.json");
  }

  @Test
  void aFilePathIsRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    var file = dir.resolve("sources.json");
    java.nio.file.Files.writeString(file, TWO_SOURCES);
    assertThat(SourceRegistry.read(file.toString())).isEqualTo(TWO_SOURCES);
  }
}
