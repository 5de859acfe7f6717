package io.previewbridge.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PKCE on our authorization server: S256 only, enforced when asked for, refused when not. */
class PkceTest {

  static final CodeVerifier VERIFIER = new CodeVerifier();
  static final String CHALLENGE =
      CodeChallenge.compute(CodeChallengeMethod.S256, VERIFIER).getValue();

  @Test
  void noChallengeIsNoPkce() {
    assertThat(Pkce.challengeOf(null, null)).isNull();
    Pkce.check(null, null);
  }

  @Test
  void anS256ChallengeIsKeptAndOnlyItsVerifierRedeemsTheCode() {
    assertThat(Pkce.challengeOf(CHALLENGE, "S256")).isEqualTo(CHALLENGE);
    Pkce.check(CHALLENGE, VERIFIER.getValue());
    assertThatThrownBy(() -> Pkce.check(CHALLENGE, new CodeVerifier().getValue()))
        .isInstanceOf(OAuthError.class)
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> Pkce.check(CHALLENGE, null))
        .isInstanceOf(OAuthError.class)
        .hasMessageContaining("missing");
  }

  @Test
  void aVerifierForACodeWithoutAChallengeIsRefused() {
    assertThatThrownBy(() -> Pkce.check(null, VERIFIER.getValue()))
        .isInstanceOf(OAuthError.class)
        .satisfies(e -> assertThat(((OAuthError) e).error()).isEqualTo("invalid_grant"))
        .hasMessageContaining("had no code_challenge");
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "none, S256",
        "abc, S256",
        "0123456789012345678901234567890123456789012, plain",
        "0123456789012345678901234567890123456789012, none",
        "0123456789012345678901234567890123456789!!!, S256"
      })
  void anUnusableChallengeIsAnInvalidRequest(String challenge, String method) {
    assertThatThrownBy(() -> Pkce.challengeOf(challenge, method))
        .isInstanceOf(OAuthError.class)
        .satisfies(e -> assertThat(((OAuthError) e).error()).isEqualTo("invalid_request"));
  }
}
