package io.previewbridge.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.authorization.entity.TokenGrant;
import io.previewbridge.platform.control.Secrets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rotation and grace rules of refresh tokens, as TokenIssuer applies them to a TokenGrant. */
class RefreshRotationTest {

  static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(5);

  final String first = Secrets.randomToken(32);
  final String second = Secrets.randomToken(32);
  final String third = Secrets.randomToken(32);
  final TokenGrant grant = new TokenGrant("conn-1", "code-hash", null, Secrets.sha256(first), T0);

  @Test
  void theCurrentTokenIsAccepted() {
    assertThat(grant.acceptsRefreshToken(Secrets.sha256(first), T0.plusSeconds(3600))).isTrue();
    assertThat(grant.acceptsRefreshToken(Secrets.sha256(second), T0)).isFalse();
  }

  @Test
  void afterRotationThePreviousTokenWorksOnlyDuringTheGrace() {
    Instant rotatedAt = T0.plusSeconds(60);
    grant.rotate(Secrets.sha256(second), rotatedAt, rotatedAt.plus(GRACE));

    assertThat(grant.acceptsRefreshToken(Secrets.sha256(second), rotatedAt)).isTrue();
    assertThat(
            grant.acceptsRefreshToken(Secrets.sha256(first), rotatedAt.plus(GRACE).minusSeconds(1)))
        .isTrue();
    assertThat(grant.acceptsRefreshToken(Secrets.sha256(first), rotatedAt.plus(GRACE))).isFalse();
  }

  @Test
  void aSecondRotationForgetsTheFirstToken() {
    grant.rotate(Secrets.sha256(second), T0, T0.plus(GRACE));
    grant.rotate(Secrets.sha256(third), T0.plusSeconds(1), T0.plusSeconds(1).plus(GRACE));

    assertThat(grant.acceptsRefreshToken(Secrets.sha256(first), T0.plusSeconds(2))).isFalse();
    assertThat(grant.acceptsRefreshToken(Secrets.sha256(second), T0.plusSeconds(2))).isTrue();
    assertThat(grant.acceptsRefreshToken(Secrets.sha256(third), T0.plusSeconds(2))).isTrue();
  }

  @Test
  void aRevokedGrantAcceptsNothing() {
    grant.rotate(Secrets.sha256(second), T0, T0.plus(GRACE));
    grant.revoke("test", T0.plusSeconds(1));

    assertThat(grant.acceptsRefreshToken(Secrets.sha256(second), T0.plusSeconds(2))).isFalse();
    assertThat(grant.acceptsRefreshToken(Secrets.sha256(first), T0.plusSeconds(2))).isFalse();
    assertThat(grant.revocationReason()).isEqualTo("test");
  }

  @Test
  void aRotatedTokenPresentedAfterItsGraceIsAReuse() {
    Instant rotatedAt = T0.plusSeconds(60);
    grant.rotate(Secrets.sha256(second), rotatedAt, rotatedAt.plus(GRACE));

    assertThat(grant.isReuseOfRotated(Secrets.sha256(first), rotatedAt.plusSeconds(1)))
        .as("within the grace Notion may not have seen the answer with its successor")
        .isFalse();
    assertThat(grant.isReuseOfRotated(Secrets.sha256(first), rotatedAt.plus(GRACE))).isTrue();
    assertThat(grant.isReuseOfRotated(Secrets.sha256(second), rotatedAt.plus(GRACE)))
        .as("the current token is no reuse")
        .isFalse();
    grant.revoke("reuse", rotatedAt.plus(GRACE));
    assertThat(grant.isReuseOfRotated(Secrets.sha256(first), rotatedAt.plus(GRACE))).isFalse();
  }

  @Test
  void aGrantIsLastUsedAtItsLastRefresh() {
    assertThat(grant.lastUsedAt()).isEqualTo(T0);
    grant.rotate(Secrets.sha256(second), T0.plusSeconds(90), T0.plusSeconds(90).plus(GRACE));
    assertThat(grant.lastUsedAt()).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void aGrantNotRefreshedForTheIdleTimeIsOver() {
    Duration idle = Duration.ofDays(90);
    Duration maxAge = Duration.ofDays(365);
    assertThat(grant.overAt(T0.plus(idle), idle, maxAge)).isEmpty();
    assertThat(grant.overAt(T0.plus(idle).plusSeconds(1), idle, maxAge))
        .contains("was idle longer than PT2160H");

    grant.rotate(
        Secrets.sha256(second), T0.plus(Duration.ofDays(80)), T0.plus(Duration.ofDays(80)));
    assertThat(grant.overAt(T0.plus(idle).plusSeconds(1), idle, maxAge))
        .as("a refresh starts the idle time again")
        .isEmpty();
  }

  @Test
  void aGrantOlderThanItsMaximumAgeIsOverHoweverOftenRefreshed() {
    Duration idle = Duration.ofDays(90);
    Duration maxAge = Duration.ofDays(365);
    Instant late = T0.plus(maxAge).minusSeconds(60);
    grant.rotate(Secrets.sha256(second), late, late.plus(GRACE));
    assertThat(grant.overAt(T0.plus(maxAge), idle, maxAge)).isEmpty();
    assertThat(grant.overAt(T0.plus(maxAge).plusSeconds(1), idle, maxAge))
        .contains("is older than PT8760H");
  }
}
