package io.previewbridge.identity.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignInResourceTest {

  @ParameterizedTest
  @ValueSource(strings = {"notion/authorize/consent?request=abc", "admin", "admin/accounts?page=2"})
  void continuesToPathsOfThisApplication(String next) {
    assertThat(SignInResource.localPath(next)).isEqualTo(next);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.com/",
        "//evil.com/x",
        "/\\evil.com",
        "\\\\evil.com",
        "javascript:alert(1)",
        "evil.com:80/x",
        "/admin",
        "%zz",
        "a\r\nLocation: https://evil.com"
      })
  void neverContinuesAnywhereElse(String next) {
    assertThat(SignInResource.localPath(next)).isEmpty();
  }
}
