package io.previewbridge.sources.entity;

import io.previewbridge.unfurl.entity.Operations;
import jakarta.json.JsonArray;

/** What a source made of a uri: the attributes to show, or an error for Notion to show instead. */
public sealed interface PreviewResult {

  /** The {@code operations} array of an unfurl answer or PATCH body carrying this result. */
  JsonArray operations();

  /** A validated attribute array, {@code title} and {@code dev} included. */
  record Attributes(JsonArray attributes) implements PreviewResult {
    @Override
    public JsonArray operations() {
      return Operations.attributes(attributes);
    }
  }

  /**
   * An error operation. {@code definitive} errors (the upstream said 404, 403, 410 or another
   * status the source maps) are a state of the item worth pushing to Notion; the others (5xx,
   * timeout, unreadable answer) are passing trouble that a re-check must not announce as a change.
   */
  record Failure(int status, String message, boolean definitive) implements PreviewResult {
    @Override
    public JsonArray operations() {
      return Operations.error(status, message);
    }
  }
}
