package io.previewbridge.platform.control;

import java.util.logging.Logger;

/**
 * The security log, {@value #NAME}: failed and locked sign-ins, a replayed authorization code, a
 * refresh token used again after its rotation. Never a password, token or secret; route it to the
 * company's SIEM by logger name.
 */
public final class SecurityLog {

  public static final String NAME = "io.previewbridge.security";

  private SecurityLog() {}

  public static Logger logger() {
    return Logger.getLogger(NAME);
  }
}
