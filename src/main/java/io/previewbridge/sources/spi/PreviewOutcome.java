package io.previewbridge.sources.spi;

import jakarta.json.JsonArray;

/** What a {@link PreviewSource} answers: the attributes of a preview, or an error. */
public sealed interface PreviewOutcome {

  /**
   * A preview.
   *
   * @param attributes Notion unfurl attributes, one of them {@code title}; build them with {@link
   *     PreviewAttributes}
   */
  record Preview(JsonArray attributes) implements PreviewOutcome {}

  /**
   * An error Notion shows in place of the preview. A 4xx status says something about the item
   * (gone, forbidden) and is pushed to Notion on a re-check; a 5xx is passing trouble that a
   * re-check does not announce.
   *
   * @param status an HTTP status 400-599
   * @param message the text Notion shows
   */
  record Error(int status, String message) implements PreviewOutcome {
    public Error {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("an error status is 400-599");
      }
      if (message == null || message.isBlank()) {
        throw new IllegalArgumentException("an error needs a message");
      }
    }
  }

  /** The preview {@code attributes} describe. */
  static PreviewOutcome of(PreviewAttributes attributes) {
    return new Preview(attributes.build());
  }

  /** The error Notion shows instead of a preview. */
  static PreviewOutcome error(int status, String message) {
    return new Error(status, message);
  }
}
