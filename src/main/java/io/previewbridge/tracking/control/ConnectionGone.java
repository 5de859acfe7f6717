package io.previewbridge.tracking.control;

/**
 * A valid access token names a connection that no longer exists or was revoked: the caller has to
 * connect again. Boundaries answer 401.
 */
public class ConnectionGone extends RuntimeException {

  public ConnectionGone(String message) {
    super(message);
  }
}
