package io.previewbridge.demo.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.control.SourceRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * product.md: "A demo sources file maps {@code {public-url}/demo/items/{id}} onto those items". The
 * item URLs the demo hands out ({@link DemoLinks#page}) are built on {@code
 * previewbridge.public-url}; the demo sources must match them, whatever the public URL is.
 */
class DemoSourcesFollowPublicUrlTest {

  static final String[] ITEMS = {"task-12", "design-1", "chart-1", "message-1", "run-1"};

  @Test
  void theDefaultPublicUrlsItemPagesUnfurl() {
    assertEveryItemPageMatches("http://localhost:8080");
  }

  /**
   * A demo on another port or host (behind a proxy, {@code
   * -Dpreviewbridge.public-url=http://localhost:9090}) hands out item URLs on that address; the
   * sources' patterns follow it through {@code {config:previewbridge.public-url}}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:9090", "https://demo.acme.example"})
  void itemPagesUnfurlOnAnyPublicUrl(String publicUrl) {
    assertEveryItemPageMatches(publicUrl);
  }

  static void assertEveryItemPageMatches(String publicUrl) {
    Map<String, String> config =
        Map.of(
            "previewbridge.public-url", publicUrl,
            "previewbridge.demo.upstream-url", publicUrl);
    SourceRegistry registry =
        SourceRegistry.of(demoSources(), Optional.empty(), k -> Optional.ofNullable(config.get(k)));
    DemoLinks links = new DemoLinks();
    links.publicUrl = publicUrl;
    for (String id : ITEMS) {
      assertThat(registry.match(links.page(id)))
          .as("a source matches the demo page %s", links.page(id))
          .isPresent();
    }
  }

  static String demoSources() {
    try (InputStream in =
        DemoSourcesFollowPublicUrlTest.class
            .getClassLoader()
            .getResourceAsStream("demo/sources.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
