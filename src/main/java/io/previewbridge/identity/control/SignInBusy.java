package io.previewbridge.identity.control;

/**
 * Too many password checks at once: each costs a full PBKDF2 hash, and more of them than the server
 * has cores only makes every sign-in slower (and the server a target). The attempt is refused
 * before any hashing; the person tries again in a moment.
 */
public class SignInBusy extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SignInBusy() {
    super("too many password checks at once", null, false, false);
  }
}
