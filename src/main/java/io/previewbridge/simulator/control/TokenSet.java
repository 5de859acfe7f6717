package io.previewbridge.simulator.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The tokens PreviewBridge's token URL gave "Notion": the access token, and, when PreviewBridge
 * issues expiring tokens, the refresh token and {@code expires_in} counted from when they were
 * obtained (Notion counts a token expired once the time since the last refresh exceeds {@code
 * expires_in}).
 *
 * <p>The simulator refreshes a little early ({@link #margin()}: a tenth of the lifetime, at most a
 * minute), so an unfurl is never sent with a token that expires on the way; a 401 still triggers a
 * refresh (PreviewBridge may have been restarted with another lifetime, or the clocks differ).
 */
public record TokenSet(
    String accessToken, String refreshToken, Long expiresInSeconds, Instant obtainedAt) {

  static final Duration MAX_MARGIN = Duration.ofMinutes(1);

  /** When the access token is to be refreshed, if it expires at all. */
  public Optional<Instant> refreshAt() {
    if (expiresInSeconds == null) {
      return Optional.empty();
    }
    return Optional.of(obtainedAt.plusSeconds(expiresInSeconds).minus(margin()));
  }

  Duration margin() {
    Duration tenth = Duration.ofSeconds(expiresInSeconds == null ? 0 : expiresInSeconds / 10);
    return tenth.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : tenth;
  }

  /** True when an unfurl at {@code now} should first refresh (and a refresh token exists). */
  public boolean needsRefresh(Instant now) {
    return canRefresh() && refreshAt().map(at -> !now.isBefore(at)).orElse(false);
  }

  public boolean canRefresh() {
    return refreshToken != null && !refreshToken.isBlank();
  }

  /**
   * The set after a refresh answer: a new access token; the refresh token and lifetime are replaced
   * only when the answer carries them (both are optional in a refresh answer).
   */
  public TokenSet refreshed(
      String newAccessToken, String newRefreshToken, Long newExpiresIn, Instant now) {
    return new TokenSet(
        newAccessToken,
        newRefreshToken != null ? newRefreshToken : refreshToken,
        newExpiresIn != null ? newExpiresIn : expiresInSeconds,
        now);
  }
}
