package io.previewbridge.credentials.control;

/**
 * An authorization server answered a token request with an OAuth error (RFC 6749 §5.2): {@code
 * error} is its code ({@code invalid_grant}, ...), {@code description} its text, if any. Neither
 * ever contains a token.
 */
public class TokenRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String error;
  private final String description;
  private final int status;

  public TokenRefused(String error, String description, int status) {
    super(error + (description == null ? "" : ": " + description), null, false, false);
    this.error = error;
    this.description = description;
    this.status = status;
  }

  public String error() {
    return error;
  }

  public String description() {
    return description;
  }

  public int status() {
    return status;
  }

  /**
   * Whether the grant itself is dead (the refresh token revoked or expired, the person disabled or
   * signed out everywhere): asking again with it cannot succeed.
   */
  public boolean grantIsDead() {
    return "invalid_grant".equals(error);
  }
}
