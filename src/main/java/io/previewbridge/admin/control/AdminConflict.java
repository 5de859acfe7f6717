package io.previewbridge.admin.control;

/**
 * An admin action that cannot be done in the current state (a delivery already delivered, or one
 * that would send an older state over a newer one). The API answers 409 with this message.
 */
public class AdminConflict extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AdminConflict(String message) {
    super(message);
  }
}
