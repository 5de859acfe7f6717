package io.previewbridge.webhooks.control;

import java.util.Map;

/**
 * One thing a company's system says has changed: a uri as pasted in Notion, or the item a source's
 * pattern groups name (every tracked uri of that source whose groups have these values).
 *
 * @param field where the change was in the request ({@code changes[2]}, or empty for a single
 *     change), to name it in field errors
 */
public sealed interface Change {

  String field();

  record OfUri(String field, String uri) implements Change {}

  record OfSource(String field, String sourceId, Map<String, String> groups) implements Change {
    public OfSource {
      groups = Map.copyOf(groups);
    }
  }
}
