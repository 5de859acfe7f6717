package io.previewbridge.identity.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up check of {@code previewbridge.identity.*}: one line per missing or wrong key. */
class IdentitySettingsTest {

  @Test
  void builtInNeedsNothing() {
    assertThat(IdentitySettings.problems("built-in", Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void oidcAndBothNeedTheIssuerAndTheClientId() {
    for (String mode : new String[] {"oidc", "both", " OIDC "}) {
      assertThat(IdentitySettings.problems(mode, Optional.empty(), Optional.of(" ")))
          .satisfiesExactly(
              issuer ->
                  assertThat(issuer)
                      .startsWith("previewbridge.identity.oidc.issuer is not set")
                      .contains("PREVIEWBRIDGE_IDENTITY_OIDC_ISSUER"),
              client ->
                  assertThat(client)
                      .startsWith("previewbridge.identity.oidc.client-id is not set"));
    }
  }

  @Test
  void anIssuerMustBeAnHttpUrl() {
    assertThat(
            IdentitySettings.problems(
                "oidc", Optional.of("keycloak.acme.com/realms/acme"), Optional.of("pb")))
        .singleElement()
        .asString()
        .contains("must be the provider's http(s) issuer URL");
    assertThat(
            IdentitySettings.problems(
                "oidc",
                Optional.of("https://login.microsoftonline.com/tid/v2.0"),
                Optional.of("pb")))
        .isEmpty();
  }

  @Test
  void anUnknownModeIsNamed() {
    assertThat(IdentitySettings.problems("sso", Optional.empty(), Optional.empty()))
        .singleElement()
        .asString()
        .contains("\"sso\"")
        .contains("built-in, oidc or both");
  }
}
