package io.previewbridge.platform.control;

import java.util.List;

/**
 * Input that a caller sent and that cannot be accepted as it is. Carries one message per rejected
 * field; boundaries turn it into a 400 problem.
 */
public class InvalidInput extends RuntimeException {

  /** A rejected field, named by its JSON path or parameter name. */
  public record Violation(String field, String message) {}

  private final List<Violation> violations;

  public InvalidInput(String message, List<Violation> violations) {
    super(message);
    this.violations = List.copyOf(violations);
  }

  public InvalidInput(String message) {
    this(message, List.of());
  }

  public List<Violation> violations() {
    return violations;
  }
}
