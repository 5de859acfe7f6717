package io.previewbridge.credentials.control;

/**
 * An authorization server could not be asked: down, too slow, or it answered something that is not
 * OAuth. Passing trouble: nothing about the person's credential is concluded from it. The message
 * names the server, never a token or secret.
 */
public class ServerUnreachable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ServerUnreachable(String message) {
    super(message, null, false, false);
  }
}
