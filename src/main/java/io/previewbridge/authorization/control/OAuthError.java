package io.previewbridge.authorization.control;

/**
 * A request to our token endpoint that RFC 6749 §5.2 tells us to refuse, with the error code
 * Notion's OAuth client understands and a description a person can read. The boundary turns it into
 * the JSON error body and the status (401 for {@code invalid_client}, else 400).
 */
public class OAuthError extends RuntimeException {

  public static final String INVALID_REQUEST = "invalid_request";
  public static final String INVALID_CLIENT = "invalid_client";
  public static final String INVALID_GRANT = "invalid_grant";
  public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";

  private final String error;

  public OAuthError(String error, String description) {
    super(description, null, false, false);
    this.error = error;
  }

  public static OAuthError invalidRequest(String description) {
    return new OAuthError(INVALID_REQUEST, description);
  }

  public static OAuthError invalidClient(String description) {
    return new OAuthError(INVALID_CLIENT, description);
  }

  public static OAuthError invalidGrant(String description) {
    return new OAuthError(INVALID_GRANT, description);
  }

  public String error() {
    return error;
  }

  public String description() {
    return getMessage();
  }
}
