package io.previewbridge.platform.control;

/**
 * A configuration value that PreviewBridge cannot run with. Thrown at start-up, it fails the
 * deployment with a message naming the key (or the JSON path in the sources file).
 */
public class ConfigurationProblem extends RuntimeException {

  private final String key;

  public ConfigurationProblem(String key, String problem) {
    super(key + " " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
