package io.previewbridge.admin.control;

/**
 * An admin action that the current state does not allow (a username already taken, disabling
 * oneself, a delivery already delivered or one that would send an older state over a newer one, a
 * preview no longer tracked). The API answers 409 with this message, which says what is in the way.
 */
public class AdminConflict extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AdminConflict(String message) {
    super(message);
  }
}
