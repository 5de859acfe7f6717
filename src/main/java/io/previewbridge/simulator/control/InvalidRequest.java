package io.previewbridge.simulator.control;

import java.util.List;

/**
 * A request to the simulator's own controls ({@code /simulator/api/...}) that cannot be accepted,
 * with one message per rejected field; answered as a 400 problem. (The simulated Notion endpoints
 * answer {@link NotionError} instead, in Notion's shape.)
 */
public class InvalidRequest extends RuntimeException {

  /** A rejected field, named by its JSON member name. */
  public record Violation(String field, String message) {}

  private final List<Violation> violations;

  public InvalidRequest(String message, List<Violation> violations) {
    super(message, null, false, false);
    this.violations = List.copyOf(violations);
  }

  public InvalidRequest(String message) {
    this(message, List.of());
  }

  public List<Violation> violations() {
    return violations;
  }
}
