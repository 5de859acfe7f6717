package io.previewbridge.tracking.control;

import io.previewbridge.sources.control.PreviewBuilder;
import io.previewbridge.sources.control.RequesterLookup;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Source;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Re-checks the tracked previews that are due: fetches each again as its account, and lets {@link
 * PreviewTracker} decide whether that is a change worth a PATCH. Fetching happens outside any
 * transaction, so a slow upstream holds no database connection.
 */
@ApplicationScoped
public class ChangeDetector {

  private static final Logger LOG = Logger.getLogger(ChangeDetector.class.getName());

  @Inject PreviewTracker tracker;
  @Inject SourceRegistry registry;
  @Inject PreviewBuilder builder;
  @Inject RequesterLookup requesters;

  /** How long a claimed preview is held by one check: more than a fetch can take. */
  @Inject
  @ConfigProperty(name = "previewbridge.tracking.lease", defaultValue = "PT1M")
  Duration lease;

  /** Checks up to {@code batchSize} due previews; returns how many changed. */
  public int checkDue(int batchSize) {
    List<PreviewTracker.Due> due = tracker.claimDue(batchSize, lease);
    int changed = 0;
    for (PreviewTracker.Due preview : due) {
      try {
        changed += check(preview) ? 1 : 0;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Checking preview " + preview.previewId() + " failed", e);
      }
    }
    return changed;
  }

  private boolean check(PreviewTracker.Due due) {
    Optional<Source> source = registry.byId(due.sourceId());
    if (source.isEmpty()) {
      tracker.checkImpossible(
          due.previewId(),
          "source " + due.sourceId() + " is no longer configured",
          Source.DEFAULT_REFRESH);
      return false;
    }
    Optional<Source.Match> match = source.get().match(due.uri());
    if (match.isEmpty()) {
      tracker.checkImpossible(
          due.previewId(),
          "the uri no longer matches the pattern of source " + due.sourceId(),
          source.get().refresh());
      return false;
    }
    PreviewResult result = builder.build(match.get(), requesters.byAccountId(due.accountId()));
    return tracker.checked(due.previewId(), result, source.get().refresh());
  }
}
