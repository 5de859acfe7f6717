package io.previewbridge.unfurl.control;

import io.previewbridge.sources.control.PreviewBuilder;
import io.previewbridge.sources.control.RequesterLookup;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.tracking.control.ConnectionGone;
import io.previewbridge.tracking.control.PreviewTracker;
import io.previewbridge.unfurl.entity.Operations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * Answers Notion's unfurl callback: finds the source of a pasted uri, builds its preview as the
 * signed-in account, starts (or resumes) tracking it for the connection, and gives Notion the
 * operations to apply. Notion's DELETE stops the tracking.
 */
@ApplicationScoped
public class Unfurler {

  static final String NO_SOURCE_MESSAGE = "No preview is available for this link";

  @Inject SourceRegistry registry;
  @Inject PreviewBuilder builder;
  @Inject PreviewTracker tracker;
  @Inject RequesterLookup requesters;

  /** The whole unfurl answer, {@code {"uri":..,"operations":[...]}}. */
  public JsonObject unfurl(String connectionId, String accountId, String username, String uri) {
    Optional<Source.Match> match = registry.match(uri);
    if (match.isEmpty()) {
      return Operations.body(uri, Operations.error(404, NO_SOURCE_MESSAGE));
    }
    Source source = match.get().source();
    PreviewResult result = builder.build(match.get(), requesters.of(accountId, username));
    JsonArray operations = result.operations();
    try {
      tracker.unfurled(connectionId, uri, source.id(), operations, source.refresh());
    } catch (ConnectionGone gone) {
      throw gone;
    } catch (RuntimeException lostRace) {
      // Notion may unfurl the same link twice at once; the loser of the insert finds the row now
      tracker.unfurled(connectionId, uri, source.id(), operations, source.refresh());
    }
    return Operations.body(uri, operations);
  }

  /** Notion removed the preview: stop pushing updates for it. Idempotent. */
  public void forget(String connectionId, String uri) {
    tracker.stop(connectionId, uri);
  }
}
