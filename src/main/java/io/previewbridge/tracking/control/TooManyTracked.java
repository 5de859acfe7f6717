package io.previewbridge.tracking.control;

/**
 * A connection already tracks as many links as {@code previewbridge.tracking.max-per-connection}
 * allows: a new one is answered but not tracked.
 */
public class TooManyTracked extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long limit;

  public TooManyTracked(long limit) {
    super("this connection already follows " + limit + " links", null, false, false);
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
