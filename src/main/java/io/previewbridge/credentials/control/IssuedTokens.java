package io.previewbridge.credentials.control;

import java.time.Instant;
import java.util.Optional;

/**
 * What a token endpoint issued. Held in memory only while it is being stored (encrypted) or used;
 * {@link #toString()} shows no token.
 */
public record IssuedTokens(
    String accessToken,
    Optional<String> refreshToken,
    Optional<Instant> expiresAt,
    Optional<String> idToken,
    Optional<String> scope) {

  @Override
  public String toString() {
    return "IssuedTokens[access=***, refresh="
        + (refreshToken.isPresent() ? "***" : "none")
        + ", expiresAt="
        + expiresAt.map(Instant::toString).orElse("-")
        + ", idToken="
        + (idToken.isPresent() ? "***" : "none")
        + "]";
  }
}
