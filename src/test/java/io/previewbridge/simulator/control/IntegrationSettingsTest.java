package io.previewbridge.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntegrationSettingsTest {

  static final String RULE =
      "{\"ruleName\":\"t\",\"pattern\":\"^https://x\\\\.example/(?<n>\\\\d+)$\","
          + "\"unfurlRegexAttributes\":[]}";

  static IntegrationSettings settings() {
    IntegrationSettings settings = new IntegrationSettings();
    settings.importFromPreviewBridge = false;
    return settings;
  }

  @Test
  void theAdminDocumentOrItsRulesArrayCanBePasted() {
    IntegrationSettings settings = settings();
    assertThat(settings.rules()).isEmpty();
    assertThat(settings.origin()).containsEntry("origin", "none");

    settings.paste("{\"externalAuthorization\":{},\"rules\":[" + RULE + "]}");
    assertThat(settings.rules()).hasSize(1);
    assertThat(settings.origin()).containsEntry("origin", "pasted");
    assertThat(Placeholders.match(settings.rules(), "https://x.example/7")).isPresent();

    settings.paste("[" + RULE + "," + RULE + "]");
    assertThat(settings.rules()).hasSize(2);

    settings.reset();
    assertThat(settings.rules()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "42", "{\"rules\":{}}", "{\"externalAuthorization\":{}}"})
  void anythingElseIsRefusedWithAMessageAndKeepsTheSettings(String text) {
    IntegrationSettings settings = settings();
    settings.paste("[" + RULE + "]");
    assertThatThrownBy(() -> settings.paste(text))
        .isInstanceOf(InvalidRequest.class)
        .hasMessageFindingMatch("Paste the settings|not valid JSON|\"rules\" array");
    assertThat(settings.rules()).hasSize(1);
  }
}
