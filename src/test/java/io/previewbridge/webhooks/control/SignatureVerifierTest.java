package io.previewbridge.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.platform.control.ConfigurationProblem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may say that something changed: the holder of the secret, recently. */
class SignatureVerifierTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef-shared";
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  static final byte[] BODY =
      "{\"changes\":[{\"uri\":\"https://tracker.acme.test/tickets/42\"}]}"
          .getBytes(StandardCharsets.UTF_8);

  final SignatureVerifier verifier =
      new SignatureVerifier(SECRET, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  static String ts(Instant at) {
    return Long.toString(at.getEpochSecond());
  }

  @Test
  void aRequestSignedNowWithTheSecretIsAccepted() {
    String timestamp = ts(NOW);
    assertThatCode(
            () -> verifier.verify(timestamp, SignatureVerifier.sign(SECRET, timestamp, BODY), BODY))
        .doesNotThrowAnyException();
  }

  @Test
  void theSignatureIsWhatOpensslComputes() {
    // printf '%s' '1764064800.{"a":1}' | openssl dgst -sha256 -hmac secret
    assertThat(
            SignatureVerifier.sign(
                "secret", "1764064800", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=207d43ee8f3f4437fc7b925c1a58e630100a2beb94d5a1063915b0b330cb0a73");
  }

  @Test
  void upperCaseHexAndSchemeAreAccepted() {
    String timestamp = ts(NOW);
    String signature = SignatureVerifier.sign(SECRET, timestamp, BODY).toUpperCase();
    assertThatCode(() -> verifier.verify(timestamp, signature, BODY)).doesNotThrowAnyException();
  }

  @Test
  void aWrongSignatureIsRefused() {
    String timestamp = ts(NOW);
    String signature = SignatureVerifier.sign(SECRET, timestamp, BODY);
    String flipped =
        signature.substring(0, signature.length() - 1) + (signature.endsWith("0") ? "1" : "0");
    assertThatThrownBy(() -> verifier.verify(timestamp, flipped, BODY))
        .isInstanceOf(SignatureRefused.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void missingHeadersAreRefusedNamingTheHeader() {
    String timestamp = ts(NOW);
    String signature = SignatureVerifier.sign(SECRET, timestamp, BODY);
    assertThatThrownBy(() -> verifier.verify(null, signature, BODY))
        .isInstanceOf(SignatureRefused.class)
        .hasMessageContaining(SignatureVerifier.TIMESTAMP_HEADER);
    assertThatThrownBy(() -> verifier.verify(timestamp, null, BODY))
        .isInstanceOf(SignatureRefused.class)
        .hasMessageContaining(SignatureVerifier.SIGNATURE_HEADER);
    assertThatThrownBy(() -> verifier.verify(timestamp, " ", BODY))
        .isInstanceOf(SignatureRefused.class);
  }

  @Test
  void malformedHeadersAreRefused() {
    String timestamp = ts(NOW);
    String hex = SignatureVerifier.sign(SECRET, timestamp, BODY).substring(7);
    assertThatThrownBy(() -> verifier.verify("yesterday", "sha256=" + hex, BODY))
        .isInstanceOf(SignatureRefused.class)
        .hasMessageContaining("unix time");
    assertThatThrownBy(() -> verifier.verify(timestamp, hex, BODY))
        .as("scheme missing")
        .isInstanceOf(SignatureRefused.class);
    assertThatThrownBy(() -> verifier.verify(timestamp, "sha1=" + hex, BODY))
        .isInstanceOf(SignatureRefused.class);
    assertThatThrownBy(() -> verifier.verify(timestamp, "sha256=" + hex.substring(2), BODY))
        .isInstanceOf(SignatureRefused.class);
    assertThatThrownBy(() -> verifier.verify(timestamp, "sha256=" + "zz" + hex.substring(2), BODY))
        .isInstanceOf(SignatureRefused.class);
  }

  @Test
  void aStaleTimestampIsRefusedEvenWithAValidSignature() {
    String old = ts(NOW.minus(Duration.ofMinutes(5)).minusSeconds(1));
    String signature = SignatureVerifier.sign(SECRET, old, BODY);
    assertThatThrownBy(() -> verifier.verify(old, signature, BODY))
        .isInstanceOf(SignatureRefused.class)
        .hasMessageContaining("too old");
  }

  @Test
  void aTimestampAtTheEdgeOfTheWindowIsAccepted() {
    String edge = ts(NOW.minus(Duration.ofMinutes(5)));
    assertThatCode(() -> verifier.verify(edge, SignatureVerifier.sign(SECRET, edge, BODY), BODY))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "9223372036854775807",
        "-9223372036854775808",
        "31556889864403199",
        "-31557014167219200"
      })
  void aTimestampFarOutsideAnyCalendarIsRefusedNotAnError(String timestamp) {
    String signature = SignatureVerifier.sign(SECRET, timestamp, BODY);
    assertThatThrownBy(() -> verifier.verify(timestamp, signature, BODY))
        .isInstanceOf(SignatureRefused.class);
  }

  @Test
  void aTimestampInTheFutureIsRefused() {
    String future = ts(NOW.plus(Duration.ofMinutes(6)));
    String signature = SignatureVerifier.sign(SECRET, future, BODY);
    assertThatThrownBy(() -> verifier.verify(future, signature, BODY))
        .isInstanceOf(SignatureRefused.class)
        .hasMessageContaining("future");
  }

  @Test
  void aCapturedRequestReplayedAfterTheWindowIsRefused() {
    String timestamp = ts(NOW);
    String signature = SignatureVerifier.sign(SECRET, timestamp, BODY);
    SignatureVerifier later =
        new SignatureVerifier(
            SECRET, Duration.ofMinutes(5), Clock.fixed(NOW.plusSeconds(301), ZoneOffset.UTC));

    assertThatThrownBy(() -> later.verify(timestamp, signature, BODY))
        .isInstanceOf(SignatureRefused.class);
    // nor can the replayer re-date it: the timestamp is signed
    String redated = ts(NOW.plusSeconds(301));
    assertThatThrownBy(() -> later.verify(redated, signature, BODY))
        .isInstanceOf(SignatureRefused.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aTamperedBodyIsRefused() {
    String timestamp = ts(NOW);
    String signature = SignatureVerifier.sign(SECRET, timestamp, BODY);
    byte[] tampered =
        "{\"changes\":[{\"uri\":\"https://tracker.acme.test/tickets/43\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> verifier.verify(timestamp, signature, tampered))
        .isInstanceOf(SignatureRefused.class);
  }

  @Test
  void aSignatureMadeWithAnotherSecretIsRefused() {
    String timestamp = ts(NOW);
    String signature =
        SignatureVerifier.sign("another-secret-of-at-least-32-characters", timestamp, BODY);
    assertThatThrownBy(() -> verifier.verify(timestamp, signature, BODY))
        .isInstanceOf(SignatureRefused.class);
  }

  @Test
  void withoutASecretTheFeatureIsOff() {
    SignatureVerifier off =
        new SignatureVerifier(null, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(off.enabled()).isFalse();
    assertThat(verifier.enabled()).isTrue();
  }

  @Test
  void aShortSecretOrAnEmptyWindowFailsTheStart() {
    assertThatThrownBy(
            () -> new SignatureVerifier("short", Duration.ofMinutes(5), Clock.systemUTC()))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining("previewbridge.webhooks.secret");
    assertThatThrownBy(() -> new SignatureVerifier(SECRET, Duration.ZERO, Clock.systemUTC()))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining("previewbridge.webhooks.tolerance");
  }
}
