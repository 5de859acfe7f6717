package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which configuration values a sources file reaches, and that the others are never read. */
class SourcesConfigTest {

  static final Map<String, String> CONFIG =
      Map.of(
          "previewbridge.sources.values.api-token", "token-for-sources",
          "previewbridge.public-url", "https://previews.acme.com",
          "previewbridge.encryption-key", "the-encryption-key",
          "previewbridge.sources.config-keys", "acme.api-token, previewbridge.oauth.client-secret",
          "acme.api-token", "listed-token",
          "acme.other", "not-listed",
          "previewbridge.oauth.client-secret", "our-client-secret");

  final SourcesConfig reach = SourcesConfig.of(key -> Optional.ofNullable(CONFIG.get(key)));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "previewbridge.sources.values.api-token, token-for-sources",
        "previewbridge.public-url, https://previews.acme.com",
        "acme.api-token, listed-token",
        "previewbridge.sources.values.missing, none",
        "acme.other, none",
        "previewbridge.encryption-key, none",
        "previewbridge.oauth.client-secret, none",
        "previewbridge.sources.config-keys, none",
        "java.home, none",
        "PREVIEWBRIDGE_ENCRYPTION_KEY, none"
      })
  void onlyValuesMeantForSourcesAreRead(String key, String expected) {
    assertThat(reach.value(key)).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "previewbridge.encryption-key | is one of PreviewBridge's own settings",
        "previewbridge.oauth.client-secret | is one of PreviewBridge's own settings",
        "acme.other | is not a value meant for sources",
        "db.password | is not a value meant for sources"
      })
  void aRefusalSaysWhyAndNeverShowsTheValue(String key, String why) {
    assertThat(reach.refusal(key))
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains("{config:" + key + "}")
                    .contains(why)
                    .doesNotContain("the-encryption-key")
                    .doesNotContain("our-client-secret")
                    .doesNotContain("not-listed"));
  }
}
