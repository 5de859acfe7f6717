package io.previewbridge.demo.control;

import io.previewbridge.tracking.control.ChangeDetectionTimer;
import io.previewbridge.tracking.control.PreviewTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Tells tracking when a demo item was edited, as a company's system would with a change
 * notification: the item's previews are re-checked on the next timer run, so the card in Notion (or
 * the simulator) changes within seconds rather than at the source's next refresh.
 */
@ApplicationScoped
public class DemoChanges {

  @Inject PreviewTracker tracker;
  @Inject ChangeDetectionTimer detection;
  @Inject DemoLinks links;

  void itemChanged(@Observes DemoItemChanged changed) {
    int due = tracker.recheckNow(links.page(changed.itemId()));
    if (due > 0) {
      detection.checkNow(due);
    }
  }
}
