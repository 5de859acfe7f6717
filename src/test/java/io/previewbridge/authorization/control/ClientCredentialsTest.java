package io.previewbridge.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCredentialsTest {

  static String basic(String raw) {
    return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsBasicCredentials() {
    assertThat(ClientCredentials.fromBasicHeader(basic("notion:s3cret")))
        .contains(new ClientCredentials("notion", "s3cret"));
  }

  @Test
  void theSchemeIsCaseInsensitiveAndSpacesAreTolerated() {
    String encoded = Base64.getEncoder().encodeToString("notion:s3cret".getBytes());
    assertThat(ClientCredentials.fromBasicHeader("basic   " + encoded + "  "))
        .contains(new ClientCredentials("notion", "s3cret"));
    assertThat(ClientCredentials.fromBasicHeader("BASIC " + encoded))
        .contains(new ClientCredentials("notion", "s3cret"));
  }

  @Test
  void partsAreFormUrlDecodedAsRfc6749Says() {
    assertThat(ClientCredentials.fromBasicHeader(basic("my%3Aclient:p%40ss%2Bword:with+colon")))
        .contains(new ClientCredentials("my:client", "p@ss+word:with colon"));
  }

  @Test
  void aSecretMayContainColons() {
    assertThat(ClientCredentials.fromBasicHeader(basic("id:a:b:c")))
        .contains(new ClientCredentials("id", "a:b:c"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "Bearer abc.def.ghi", "Digest username=x"})
  void otherSchemesOrNoHeaderMeanNoBasicCredentials(String header) {
    assertThat(ClientCredentials.fromBasicHeader(header)).isEmpty();
    assertThat(ClientCredentials.fromBasicHeader(null)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Basic", "Basic !!!notbase64", "Basic bm9jb2xvbg==", "Basic OnNlY3JldA=="})
  void unreadableBasicIsInvalidClient(String header) {
    assertThatThrownBy(() -> ClientCredentials.fromBasicHeader(header))
        .isInstanceOfSatisfying(
            OAuthError.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT));
  }

  @Test
  void bodyCredentialsAreUsedWithoutAHeader() {
    assertThat(ClientCredentials.resolve(Optional.empty(), "notion", "s3cret"))
        .isEqualTo(new ClientCredentials("notion", "s3cret"));
  }

  @Test
  void theSameCredentialsTwiceAreTolerated() {
    var header = Optional.of(new ClientCredentials("notion", "s3cret"));
    assertThat(ClientCredentials.resolve(header, "notion", null)).isEqualTo(header.get());
    assertThat(ClientCredentials.resolve(header, "notion", "s3cret")).isEqualTo(header.get());
  }

  @Test
  void contradictingCredentialsAreAnInvalidRequest() {
    var header = Optional.of(new ClientCredentials("notion", "s3cret"));
    assertThatThrownBy(() -> ClientCredentials.resolve(header, "other", null))
        .isInstanceOfSatisfying(
            OAuthError.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
  }

  @Test
  void noCredentialsAtAllIsInvalidClient() {
    assertThatThrownBy(() -> ClientCredentials.resolve(Optional.empty(), null, null))
        .isInstanceOfSatisfying(
            OAuthError.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT));
    assertThatThrownBy(() -> ClientCredentials.resolve(Optional.empty(), "notion", ""))
        .isInstanceOfSatisfying(
            OAuthError.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT));
  }

  @Test
  void theRegisteredClientComparesIdAndSecret() {
    RegisteredClient client = new RegisteredClient("notion", "s3cret");
    assertThat(client.authenticate(new ClientCredentials("notion", "s3cret"))).isEqualTo("notion");
    assertThatThrownBy(() -> client.authenticate(new ClientCredentials("notion", "s3cret ")))
        .isInstanceOf(OAuthError.class);
    assertThatThrownBy(() -> client.authenticate(new ClientCredentials("other", "s3cret")))
        .isInstanceOf(OAuthError.class);
  }

  @Test
  void theSecretNeverAppearsInToString() {
    assertThat(new ClientCredentials("notion", "s3cret").toString()).doesNotContain("s3cret");
  }
}
