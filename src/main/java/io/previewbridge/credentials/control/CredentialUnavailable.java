package io.previewbridge.credentials.control;

/**
 * A person's credential at a server cannot be used for a fetch. {@link #reason()} tells what the
 * person (or nobody) can do about it; the message is written for the person and the console and
 * names no token or secret.
 */
public class CredentialUnavailable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why there is no token. */
  public enum Reason {
    /** The person never signed in there (or never linked that product). */
    MISSING,
    /** The server refused the refresh for good; a new sign-in or link brings it back. */
    GONE,
    /** The server could not be asked, or refused for a passing reason: try again later. */
    UNREACHABLE,
    /**
     * The server refuses what PreviewBridge asks for this source (a token exchange the provider is
     * not set up for): the admin has to change the provider or the sources file.
     */
    REFUSED
  }

  private final Reason reason;
  private final String serverId;

  public CredentialUnavailable(Reason reason, String serverId, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.serverId = serverId;
  }

  public Reason reason() {
    return reason;
  }

  public String serverId() {
    return serverId;
  }
}
