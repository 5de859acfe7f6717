package io.previewbridge.unfurl.entity;

/**
 * One thing wrong with an attribute array, at a JSON path such as {@code $[2].inline.enum.color.r}.
 */
public record AttributeProblem(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
