package io.previewbridge.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  static final SigningKeyPair KEY = SigningKeyPair.generate("kid-1");
  static final Instant NOW = Instant.parse("2026-01-10T10:00:00.123Z");
  static final AccessTokens.Subject SUBJECT =
      new AccessTokens.Subject("conn-1", "grant-1", "acct-1", "jane");

  @Test
  void mintsAnRs256TokenWithTheAgreedClaims() throws Exception {
    String token = AccessTokens.mint(KEY, SUBJECT, NOW, Duration.ofHours(1));

    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.verify(new RSASSAVerifier(KEY.publicKey()))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("kid-1");
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("urn:previewbridge");
    assertThat(claims.getAudience()).containsExactly("urn:previewbridge:notion");
    assertThat(claims.getSubject()).isEqualTo("conn-1");
    assertThat(claims.getStringClaim("upn")).isEqualTo("jane");
    assertThat(claims.getStringClaim("aid")).isEqualTo("acct-1");
    assertThat(claims.getStringClaim("gid")).isEqualTo("grant-1");
    assertThat(claims.getStringListClaim("groups")).containsExactly("notion");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-01-10T10:00:00Z"));
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(Instant.parse("2026-01-10T11:00:00Z"));
    assertThat(claims.getJWTID()).isNotBlank();
  }

  @Test
  void everyTokenHasItsOwnId() throws Exception {
    String a = AccessTokens.mint(KEY, SUBJECT, NOW, Duration.ofHours(1));
    String b = AccessTokens.mint(KEY, SUBJECT, NOW, Duration.ofHours(1));
    assertThat(SignedJWT.parse(a).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(SignedJWT.parse(b).getJWTClaimsSet().getJWTID());
  }

  @Test
  void readsOurOwnTokensEvenWhenExpired() {
    String expired =
        AccessTokens.mint(KEY, SUBJECT, NOW.minus(Duration.ofDays(30)), Duration.ofHours(1));
    assertThat(AccessTokens.readIgnoringExpiry(KEY.publicKey(), expired))
        .hasValueSatisfying(claims -> assertThat(claims.getSubject()).isEqualTo("conn-1"));
  }

  @Test
  void refusesTokensSignedByAnotherKeyOrTamperedWith() {
    String foreign =
        AccessTokens.mint(SigningKeyPair.generate("other"), SUBJECT, NOW, Duration.ofHours(1));
    assertThat(AccessTokens.readIgnoringExpiry(KEY.publicKey(), foreign)).isEmpty();

    String token = AccessTokens.mint(KEY, SUBJECT, NOW, Duration.ofHours(1));
    String[] parts = token.split("\\.");
    String otherPayload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"iss\":\"urn:previewbridge\",\"aud\":\"urn:previewbridge:notion\",\"sub\":\"conn-2\"}"
                    .getBytes());
    assertThat(
            AccessTokens.readIgnoringExpiry(
                KEY.publicKey(), parts[0] + "." + otherPayload + "." + parts[2]))
        .isEmpty();
  }

  @Test
  void refusesGarbage() {
    for (String garbage :
        new String[] {null, "", "abc", "a.b.c", "refresh-token-value", "..", "x".repeat(9000)}) {
      assertThat(AccessTokens.readIgnoringExpiry(KEY.publicKey(), garbage))
          .as(String.valueOf(garbage))
          .isEmpty();
    }
  }

  @Test
  void aConfiguredPkcs8KeyYieldsItsPublicKeyAndAStableKeyId() {
    SigningKeyPair pair = SigningKeyPair.generate("x");
    SigningKeyPair read = SigningKeys.fromConfig(pair.privateKeyPem());
    assertThat(read.publicKey()).isEqualTo(pair.publicKey());
    assertThat(read.keyId()).isEqualTo(SigningKeys.fromConfig(pair.privateKeyPem()).keyId());
    assertThat(SigningKeyPair.publicKeyFromPem(read.publicKeyPem())).isEqualTo(pair.publicKey());
  }

  @Test
  void aBadConfiguredKeyNamesTheKeyAndNotItsValue() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SigningKeys.fromConfig(
                    "-----BEGIN PRIVATE KEY-----\nbm9wZQ==\n-----END PRIVATE KEY-----"))
        .hasMessageStartingWith("previewbridge.oauth.signing-key")
        .hasMessageNotContaining("bm9wZQ");
  }

  @Test
  void theVerificationKeySourceServesThePublishedPem() {
    VerificationKeySource source = new VerificationKeySource();
    VerificationKeySource.publish(KEY.publicKeyPem());
    assertThat(source.getValue("mp.jwt.verify.publickey")).isEqualTo(KEY.publicKeyPem());
    assertThat(source.getValue("something.else")).isNull();
    assertThat(source.getPropertyNames())
        .containsExactlyInAnyOrder("mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location");
    String location = source.getValue("mp.jwt.verify.publickey.location");
    assertThat(location).startsWith("file:");
    assertThat(SigningKeyPair.publicKeyFromPem(readUrl(location))).isEqualTo(KEY.publicKey());
  }

  static String readUrl(String url) {
    try (var in = java.net.URI.create(url).toURL().openStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
