package io.previewbridge.platform.control;

/** The thing asked for does not exist (or is not the caller's to see). */
public class NotFound extends RuntimeException {

  public NotFound(String message) {
    super(message);
  }
}
