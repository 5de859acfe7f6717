package io.previewbridge.tracking.control;

import io.previewbridge.platform.control.VersionConflicts;
import io.previewbridge.sources.control.PreviewBuilder;
import io.previewbridge.sources.control.RequesterLookup;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.entity.Source;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Re-checks the tracked previews that are due: fetches each again as its account, and lets {@link
 * PreviewTracker} decide whether that is a change worth a PATCH. Fetching happens outside any
 * transaction, so a slow upstream holds no database connection. The previews of one batch are
 * checked {@code previewbridge.tracking.concurrency} (4) at a time: most of a check is waiting for
 * the upstream, and one slow source should not hold up the others.
 */
@ApplicationScoped
public class ChangeDetector {

  private static final Logger LOG = Logger.getLogger(ChangeDetector.class.getName());

  /** What one batch did. */
  public record Batch(int claimed, int changed) {}

  @Inject PreviewTracker tracker;
  @Inject SourceRegistry registry;
  @Inject PreviewBuilder builder;
  @Inject RequesterLookup requesters;

  /** Runs the other lanes of a batch; without a container, everything runs on the caller. */
  @Inject CheckLanes lanes;

  /** How long a claimed preview is held by one check: more than a fetch can take. */
  @Inject
  @ConfigProperty(name = "previewbridge.tracking.lease", defaultValue = "PT1M")
  Duration lease;

  @Inject
  @ConfigProperty(name = "previewbridge.tracking.concurrency", defaultValue = "4")
  int concurrency = 1;

  /** Claims and checks up to {@code batchSize} due previews. */
  public Batch checkDue(int batchSize) {
    List<PreviewTracker.Due> due = tracker.claimDue(batchSize, lease);
    int count = lanes == null ? 1 : Math.max(1, Math.min(concurrency, due.size()));
    List<Future<Integer>> others = new ArrayList<>();
    for (int lane = 1; lane < count; lane++) {
      others.add(lanes.check(due, lane, count));
    }
    int changed = checkLane(due, 0, count);
    for (Future<Integer> lane : others) {
      changed += await(lane);
    }
    return new Batch(due.size(), changed);
  }

  /**
   * Checks every {@code step}-th preview of {@code due} from {@code first}; returns how many
   * changed. One lane of {@link #checkDue}; {@link CheckLanes} runs the others.
   */
  public int checkLane(List<PreviewTracker.Due> due, int first, int step) {
    int changed = 0;
    // the lane's previews often share an account: looked up once
    Map<String, Requester> requesterOf = new HashMap<>();
    // what Notion already has is recorded for the whole lane at the end, in one transaction
    List<PreviewTracker.Unchanged> unchanged = new ArrayList<>();
    for (int i = first; i < due.size(); i += step) {
      PreviewTracker.Due preview = due.get(i);
      try {
        changed += check(preview, requesterOf, unchanged) ? 1 : 0;
      } catch (RuntimeException e) {
        if (VersionConflicts.lost(e)) {
          // a webhook made it due again, or an unfurl wrote a fresher state, while it was checked:
          // the newer write stands and the preview is checked again (at once, or when the claim
          // runs out); nothing for the admin to do
          LOG.fine(() -> "Preview " + preview.previewId() + " changed while checked: " + e);
        } else {
          // the claim runs out and the preview is checked again then
          LOG.log(Level.WARNING, "Checking preview " + preview.previewId() + " failed", e);
        }
      }
    }
    if (!unchanged.isEmpty()) {
      try {
        tracker.checkedUnchanged(unchanged);
      } catch (RuntimeException e) {
        // nothing is lost: the claims run out and the previews are checked again then
        LOG.log(Level.WARNING, "Recording " + unchanged.size() + " unchanged checks failed", e);
      }
    }
    return changed;
  }

  private static int await(Future<Integer> lane) {
    try {
      return lane.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "A lane of change detection failed", e.getCause());
      return 0;
    }
  }

  /**
   * Checks one preview: a change (or a passing failure) is recorded at once; a result with the
   * content Notion already has goes to {@code unchanged}.
   */
  private boolean check(
      PreviewTracker.Due due,
      Map<String, Requester> requesterOf,
      List<PreviewTracker.Unchanged> unchanged) {
    Optional<Source> source = registry.byId(due.sourceId());
    if (source.isEmpty()) {
      tracker.checkImpossible(
          due.previewId(),
          due.claimId(),
          "source " + due.sourceId() + " is no longer configured",
          Refresh.DEFAULT_BASE);
      return false;
    }
    Optional<Source.Match> match = source.get().match(due.uri());
    if (match.isEmpty()) {
      tracker.checkImpossible(
          due.previewId(),
          due.claimId(),
          "the uri no longer matches the pattern of source " + due.sourceId(),
          source.get().refresh().base());
      return false;
    }
    Requester requester = requesterOf.computeIfAbsent(due.accountId(), requesters::byAccountId);
    PreviewResult result = builder.build(match.get(), requester);
    String hash = PreviewTracker.contentHash(result);
    if (hash != null && hash.equals(due.contentHash())) {
      unchanged.add(new PreviewTracker.Unchanged(due, source.get().refresh()));
      return false;
    }
    return tracker.checked(due.previewId(), due.claimId(), result, source.get().refresh());
  }
}
