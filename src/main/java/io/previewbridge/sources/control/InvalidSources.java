package io.previewbridge.sources.control;

import io.previewbridge.platform.control.ConfigurationProblem;
import java.util.List;

/**
 * The sources file cannot be used. Lists every problem found, each with its JSON path, so that an
 * admin fixes the file in one go instead of one deployment per mistake.
 */
public class InvalidSources extends ConfigurationProblem {

  private final List<String> problems;

  public InvalidSources(String key, String origin, List<String> problems) {
    super(
        key,
        "("
            + origin
            + ") has "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + ":\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
