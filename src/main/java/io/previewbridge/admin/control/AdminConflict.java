package io.previewbridge.admin.control;

/**
 * An admin action that the current state does not allow (a username already taken, disabling
 * oneself, refreshing a preview that is no longer tracked). The boundary answers 409 with this
 * message, which says what is in the way.
 */
public class AdminConflict extends RuntimeException {

  public AdminConflict(String message) {
    super(message);
  }
}
