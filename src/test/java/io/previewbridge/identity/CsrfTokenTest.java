package io.previewbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.identity.control.CsrfToken;
import org.junit.jupiter.api.Test;

class CsrfTokenTest {

  final CsrfToken csrf = new CsrfToken();

  @Test
  void nothingMatchesBeforeATokenWasIssued() {
    assertThat(csrf.matches("anything")).isFalse();
    assertThat(csrf.matches(null)).isFalse();
  }

  @Test
  void onlyTheSessionsOwnTokenMatches() {
    String token = csrf.value();
    assertThat(token).hasSizeGreaterThanOrEqualTo(43);
    assertThat(csrf.value()).isEqualTo(token);
    assertThat(csrf.matches(token)).isTrue();
    assertThat(csrf.matches(token + "x")).isFalse();
    assertThat(csrf.matches(token.substring(1))).isFalse();
    assertThat(csrf.matches("")).isFalse();
    assertThat(csrf.matches(null)).isFalse();
    assertThat(csrf.matches(new CsrfToken().value())).isFalse();
  }

  @Test
  void renewingInvalidatesTheOldToken() {
    String old = csrf.value();
    csrf.renew();
    assertThat(csrf.matches(old)).isFalse();
    assertThat(csrf.matches(csrf.value())).isTrue();
  }
}
