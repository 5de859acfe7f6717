package io.previewbridge.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenSetTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void anHourTokenIsRefreshedAMinuteBeforeItExpires() {
    TokenSet tokens = new TokenSet("at", "rt", 3600L, T0);
    assertThat(tokens.refreshAt()).hasValue(T0.plusSeconds(3540));
    assertThat(tokens.needsRefresh(T0.plusSeconds(3539))).isFalse();
    assertThat(tokens.needsRefresh(T0.plusSeconds(3540))).isTrue();
    assertThat(tokens.needsRefresh(T0.plusSeconds(7200))).isTrue();
  }

  @Test
  void aShortLivedTokenIsRefreshedATenthOfItsLifeEarly() {
    TokenSet tokens = new TokenSet("at", "rt", 30L, T0);
    assertThat(tokens.refreshAt()).hasValue(T0.plusSeconds(27));
  }

  @Test
  void withoutExpiresInOrRefreshTokenThereIsNothingToRefresh() {
    assertThat(new TokenSet("at", null, 3600L, T0).needsRefresh(T0.plusSeconds(99999))).isFalse();
    assertThat(new TokenSet("at", "rt", null, T0).needsRefresh(T0.plusSeconds(99999))).isFalse();
    assertThat(new TokenSet("at", "rt", null, T0).refreshAt()).isEmpty();
  }

  @Test
  void aRefreshKeepsTheOldRefreshTokenAndLifetimeWhenTheAnswerOmitsThem() {
    Instant later = T0.plusSeconds(3600);
    TokenSet refreshed = new TokenSet("at", "rt", 3600L, T0).refreshed("at2", null, null, later);
    assertThat(refreshed).isEqualTo(new TokenSet("at2", "rt", 3600L, later));
    assertThat(refreshed.needsRefresh(later.plusSeconds(60))).isFalse();
    assertThat(new TokenSet("at", "rt", 3600L, T0).refreshed("at2", "rt2", 60L, later))
        .isEqualTo(new TokenSet("at2", "rt2", 60L, later));
  }

  @Test
  void theTokenUrlsAnswerIsReadAsNotionReadsIt() {
    var answer =
        new PreviewBridgeHttp.Answer(
            200,
            "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"refresh_token\":\"r\",\"expires_in\":3600}");
    assertThat(NotionClientSide.tokens(answer, T0)).isEqualTo(new TokenSet("a", "r", 3600L, T0));
    assertThat(
            NotionClientSide.tokens(
                new PreviewBridgeHttp.Answer(200, "{\"access_token\":\"a\"}"), T0))
        .isEqualTo(new TokenSet("a", null, null, T0));
    assertThat(NotionClientSide.tokens(new PreviewBridgeHttp.Answer(400, "{\"error\":\"x\"}"), T0))
        .isNull();
    assertThat(NotionClientSide.tokens(new PreviewBridgeHttp.Answer(200, "not json"), T0)).isNull();
  }
}
