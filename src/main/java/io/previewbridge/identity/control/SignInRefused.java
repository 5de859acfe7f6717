package io.previewbridge.identity.control;

/**
 * A sign-in at the identity provider that cannot complete: the page the person gets says {@code
 * title} and {@code message}, with HTTP {@code status}. No account was created or changed. The
 * texts name no token or secret.
 */
public class SignInRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;

  public SignInRefused(int status, String title, String message) {
    super(message, null, false, false);
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
