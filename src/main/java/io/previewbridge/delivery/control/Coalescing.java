package io.previewbridge.delivery.control;

import io.previewbridge.delivery.entity.Delivery;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rule that keeps Notion from seeing stale states: a PATCH replaces the whole preview, so of
 * the pending deliveries of one preview only the newest is worth sending; the older ones are
 * superseded, never sent.
 */
public final class Coalescing {

  private Coalescing() {}

  /** The newest of the pending deliveries (by creation time, then id for a stable order). */
  public static Optional<Delivery> newest(List<Delivery> pendingOfOnePreview) {
    return pendingOfOnePreview.stream()
        .filter(Delivery::isPending)
        .max(Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id));
  }

  /** Supersedes every pending delivery but the newest, and returns the newest. */
  public static Optional<Delivery> keepNewest(List<Delivery> pendingOfOnePreview) {
    Optional<Delivery> newest = newest(pendingOfOnePreview);
    for (Delivery d : pendingOfOnePreview) {
      if (newest.isPresent() && d != newest.get()) {
        d.supersede();
      }
    }
    return newest;
  }
}
