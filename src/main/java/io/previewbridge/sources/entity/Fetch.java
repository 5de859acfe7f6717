package io.previewbridge.sources.entity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a source fetches its JSON. {@code url}, header values and {@code body} are templates; the
 * limits are this source's overrides of the {@code previewbridge.fetch.*} defaults (null: use the
 * default). {@code allowPrivateNetwork} and {@code allowedDestinations} (host names, {@code
 * *.domain} patterns, CIDRs) widen where a fetch whose host is not the one the admin wrote may go
 * (see {@code DestinationPolicy}).
 */
public record Fetch(
    Template url,
    String method,
    Map<String, Template> headers,
    Template body,
    Duration connectTimeout,
    Duration readTimeout,
    Long maxBytes,
    Integer maxRedirects,
    boolean allowPrivateNetwork,
    List<String> allowedDestinations) {

  public Fetch {
    headers = Map.copyOf(headers);
    allowedDestinations = List.copyOf(allowedDestinations);
  }

  /** Without destination allowances: public addresses and the declared host only. */
  public Fetch(
      Template url,
      String method,
      Map<String, Template> headers,
      Template body,
      Duration connectTimeout,
      Duration readTimeout,
      Long maxBytes,
      Integer maxRedirects) {
    this(
        url,
        method,
        headers,
        body,
        connectTimeout,
        readTimeout,
        maxBytes,
        maxRedirects,
        false,
        List.of());
  }
}
