package io.previewbridge.webhooks.control;

import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.control.VersionConflicts;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.tracking.control.ChangeDetectionTimer;
import io.previewbridge.tracking.control.PreviewTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Turns verified change notifications into re-checks: each change becomes the uris it covers, the
 * tracked previews of those uris (of every connection) are made due, and change detection is asked
 * to run now rather than at its next tick, so that the new state reaches Notion within a second or
 * so, well before the source's {@code refresh}.
 *
 * <p>A source and groups name the tracked previews of that source whose uri, matched again by the
 * source's pattern, has those group values (groups not given match anything). The pattern cannot be
 * inverted into a uri in general (alternations, optional parts, several hosts), and matching what
 * is tracked needs no second description of each uri in the sources file.
 */
@ApplicationScoped
public class ChangeIntake {

  @Inject SourceRegistry sources;
  @Inject PreviewTracker tracker;
  @Inject ChangeDetectionTimer detection;

  /**
   * @return how many tracked previews were made due
   * @throws InvalidInput if a change names a source or group that does not exist (nothing is
   *     scheduled then)
   */
  public int accept(List<Change> changes) {
    Set<String> uris =
        resolve(changes, id -> sources.byId(id), id -> tracker.activeUrisOfSource(id));
    if (uris.isEmpty()) {
      return 0;
    }
    int due = recheckNow(uris);
    if (due > 0) {
      detection.checkNow(due);
    }
    return due;
  }

  /** Attempts at making the previews due before a conflict is given up (and answered 500). */
  static final int ATTEMPTS = 5;

  /**
   * Makes the previews due, again if a change-detection run updated one of them meanwhile: that run
   * may have fetched the state from before this change, so the preview must be due after it, and
   * the company's system must not get a 500 for a race it cannot see.
   */
  int recheckNow(Set<String> uris) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tracker.recheckNow(uris);
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !VersionConflicts.lost(e)) {
          throw e;
        }
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25L * attempt));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The uris the changes cover; visible for tests. */
  static Set<String> resolve(
      List<Change> changes,
      Function<String, Optional<Source>> sourceById,
      Function<String, List<String>> trackedUrisOfSource) {
    List<InvalidInput.Violation> violations = new ArrayList<>();
    Set<String> uris = new LinkedHashSet<>();
    for (Change change : changes) {
      if (change instanceof Change.OfUri ofUri) {
        uris.add(ofUri.uri());
        continue;
      }
      Change.OfSource ofSource = (Change.OfSource) change;
      String prefix = ofSource.field().isEmpty() ? "" : ofSource.field() + ".";
      Optional<Source> source = sourceById.apply(ofSource.sourceId());
      if (source.isEmpty()) {
        violations.add(
            new InvalidInput.Violation(
                prefix + "source", "no source \"" + ofSource.sourceId() + "\" is configured"));
        continue;
      }
      List<String> unknown =
          ofSource.groups().keySet().stream()
              .filter(name -> !source.get().groupNames().contains(name))
              .sorted()
              .toList();
      if (!unknown.isEmpty()) {
        for (String name : unknown) {
          violations.add(
              new InvalidInput.Violation(
                  prefix + "groups." + name,
                  "the pattern of source \""
                      + ofSource.sourceId()
                      + "\" has no group \""
                      + name
                      + "\" (it has "
                      + source.get().groupNames()
                      + ")"));
        }
        continue;
      }
      for (String uri : trackedUrisOfSource.apply(ofSource.sourceId())) {
        source
            .get()
            .match(uri)
            .filter(match -> covers(match.groups(), ofSource.groups()))
            .ifPresent(match -> uris.add(uri));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidInput("The change notification names what is not configured.", violations);
    }
    return uris;
  }

  private static boolean covers(Map<String, String> matched, Map<String, String> given) {
    return given.entrySet().stream()
        .allMatch(entry -> entry.getValue().equals(matched.get(entry.getKey())));
  }
}
