package io.previewbridge.authorization.control;

/** What the token endpoint answers: an access token, its lifetime, and the refresh token. */
public record IssuedTokens(String accessToken, String refreshToken, long expiresIn) {

  @Override
  public String toString() {
    return "IssuedTokens[expiresIn=" + expiresIn + ", tokens=***]";
  }
}
