package io.previewbridge.platform.control;

/**
 * Fired once at deployment, after the database schema is migrated. Features observe it (ordered by
 * {@code @Priority}) to check their configuration, load what they need and start timers; an
 * observer that throws fails the deployment with its message, so a misconfigured server never runs
 * half-configured.
 */
public record SystemReady() {

  /** Observer priorities: lower runs first. */
  public static final int KEYS = 100;

  public static final int CONFIGURATION = 200;
  public static final int DATA = 300;
  public static final int TIMERS = 400;
  public static final int REPORT = 1000;
}
