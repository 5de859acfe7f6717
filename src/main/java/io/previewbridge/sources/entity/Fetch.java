package io.previewbridge.sources.entity;

import java.time.Duration;
import java.util.Map;

/**
 * How a source fetches its JSON. {@code url}, header values and {@code body} are templates; the
 * limits are this source's overrides of the {@code previewbridge.fetch.*} defaults (null: use the
 * default).
 */
public record Fetch(
    Template url,
    String method,
    Map<String, Template> headers,
    Template body,
    Duration connectTimeout,
    Duration readTimeout,
    Long maxBytes,
    Integer maxRedirects) {

  public Fetch {
    headers = Map.copyOf(headers);
  }
}
