package io.previewbridge.identity.control;

import io.previewbridge.platform.control.Secrets;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;

/**
 * The per-session secret every form of ours carries (sign-in, consent), so that another site cannot
 * submit them on a signed-in user's behalf. Compared in constant time; renewed at sign-in, together
 * with the session id.
 */
@SessionScoped
public class CsrfToken implements Serializable {

  private static final long serialVersionUID = 1L;

  private String value;

  /** The token to put in a form, created on first use. */
  public synchronized String value() {
    if (value == null) {
      value = Secrets.randomToken(32);
    }
    return value;
  }

  /** Whether a submitted form carries this session's token. */
  public synchronized boolean matches(String presented) {
    return value != null
        && presented != null
        && !presented.isEmpty()
        && Secrets.constantTimeEquals(value, presented);
  }

  public synchronized void renew() {
    value = Secrets.randomToken(32);
  }
}
