package io.previewbridge.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUrisTest {

  static final String REGISTERED = "https://www.notion.so/externalIntegrationAuthCallback";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://notion.so/externalIntegrationAuthCallback",
        "notion.so/externalIntegrationAuthCallback",
        "https://notion.so/externalintegrationauthcallback",
        "https://www.notion.so/externalintegrationauthcallback",
        "https://www.notion.so/externalIntegrationAuthCallback",
        "www.notion.so/externalIntegrationAuthCallback",
        "HTTPS://NOTION.SO/EXTERNALINTEGRATIONAUTHCALLBACK",
        "https://notion.so:443/externalIntegrationAuthCallback",
        " https://notion.so/externalIntegrationAuthCallback "
      })
  void acceptsTheSpellingsNotionUses(String presented) {
    assertThat(RedirectUris.matches(REGISTERED, presented)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.com/externalIntegrationAuthCallback",
        "https://notion.so.evil.com/externalIntegrationAuthCallback",
        "https://evilnotion.so/externalIntegrationAuthCallback",
        "https://notion.so@evil.com/externalIntegrationAuthCallback",
        "https://user:pass@notion.so/externalIntegrationAuthCallback",
        "https://notion.so\\@evil.com/externalIntegrationAuthCallback",
        "https://evil.com\\@notion.so/externalIntegrationAuthCallback",
        "https://evil.com#@notion.so/externalIntegrationAuthCallback",
        "https://evil.com?@notion.so/externalIntegrationAuthCallback",
        "http://notion.so/externalIntegrationAuthCallback",
        "javascript://notion.so/externalIntegrationAuthCallback",
        "//notion.so/externalIntegrationAuthCallback",
        "https://notion.so:8443/externalIntegrationAuthCallback",
        "https://notion.so/externalIntegrationAuthCallback/",
        "https://notion.so/externalIntegrationAuthCallback/../evil",
        "https://notion.so/other",
        "https://notion.so/externalIntegrationAuthCallback?next=https://evil.com",
        "https://notion.so/externalIntegrationAuthCallback#fragment",
        "https://notion.so/externalIntegrationAuthCallback%2f",
        "https://www.www.notion.so/externalIntegrationAuthCallback",
        "https:///externalIntegrationAuthCallback",
        "not a uri at all"
      })
  void refusesEverythingElse(String presented) {
    assertThat(RedirectUris.matches(REGISTERED, presented)).as(presented).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void refusesNothing(String presented) {
    assertThat(RedirectUris.matches(REGISTERED, presented)).isFalse();
  }

  @Test
  void aConfiguredSimulatorOnHttpWithAPortIsComparedExactly() {
    String simulator = "http://localhost:8080/simulator/callback";
    assertThat(RedirectUris.matches(simulator, "http://LOCALHOST:8080/simulator/callback"))
        .isTrue();
    assertThat(RedirectUris.matches(simulator, "http://localhost:8081/simulator/callback"))
        .isFalse();
    assertThat(RedirectUris.matches(simulator, "https://localhost:8080/simulator/callback"))
        .isFalse();
  }

  @Test
  void inDemoModeOnlyTheSimulatorsCallbackIsAccepted() {
    // DemoDefaults registers ${previewbridge.public-url}/simulator/callback; authorize compares
    // against the configured value, so Notion's own callback no longer passes in demo mode.
    String demo = "http://localhost:8080/simulator/callback";
    assertThat(RedirectUris.matches(demo, "http://localhost:8080/simulator/callback")).isTrue();
    assertThat(RedirectUris.matches(demo, REGISTERED)).isFalse();
    assertThat(RedirectUris.matches(demo, "http://localhost:8080/simulator/callback/")).isFalse();
    assertThat(RedirectUris.matches(demo, "http://localhost:8080/callback")).isFalse();
    assertThat(RedirectUris.matches(demo, "http://localhost:8080/simulator/callback?x=1"))
        .isFalse();
  }

  @Test
  void sendsTheBrowserBackToWhatNotionSentWithASchemeIfItLackedOne() {
    assertThat(RedirectUris.target("https://notion.so/externalIntegrationAuthCallback"))
        .isEqualTo("https://notion.so/externalIntegrationAuthCallback");
    assertThat(RedirectUris.target("notion.so/externalIntegrationAuthCallback"))
        .isEqualTo("https://notion.so/externalIntegrationAuthCallback");
  }
}
