package io.previewbridge.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.authorization.entity.AuthorizationCode;
import io.previewbridge.platform.control.Secrets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Codes and refresh tokens: enough randomness, and only a hash of them is stored. */
class SecretHashingTest {

  @Test
  void codesAndRefreshTokensCarryAtLeast128RandomBits() {
    String token = Secrets.randomToken(TokenIssuer.TOKEN_BYTES);
    assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
    assertThat(token).matches("[A-Za-z0-9_-]+");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(Secrets.randomToken(TokenIssuer.TOKEN_BYTES))).isTrue();
    }
  }

  @Test
  void theStoredFormIsTheSha256HexOfTheToken() {
    assertThat(Secrets.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    String code = Secrets.randomToken(TokenIssuer.TOKEN_BYTES);
    AuthorizationCode stored =
        new AuthorizationCode(
            Secrets.sha256(code),
            "conn",
            "client",
            "https://notion.so/cb",
            null,
            Instant.EPOCH,
            Instant.EPOCH.plusSeconds(300));
    assertThat(stored.codeHash()).hasSize(64).doesNotContain(code).isEqualTo(Secrets.sha256(code));
  }

  @Test
  void aCodeExpiresAtItsDeadline() {
    AuthorizationCode code =
        new AuthorizationCode(
            "h", "conn", "client", "uri", null, Instant.EPOCH, Instant.EPOCH.plusSeconds(300));
    assertThat(code.isExpired(Instant.EPOCH.plusSeconds(299))).isFalse();
    assertThat(code.isExpired(Instant.EPOCH.plusSeconds(300))).isTrue();
  }
}
