package io.previewbridge.unfurl.control;

import io.previewbridge.delivery.control.DeliveryQueued;
import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.sources.control.AttributeMapper;
import io.previewbridge.sources.control.FetchCache;
import io.previewbridge.sources.control.PreviewBuilder;
import io.previewbridge.sources.control.RequesterLookup;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.tracking.control.ConnectionGone;
import io.previewbridge.tracking.control.PreviewTracker;
import io.previewbridge.tracking.control.TooManyTracked;
import io.previewbridge.tracking.entity.TrackedPreview;
import io.previewbridge.unfurl.entity.Attributes;
import io.previewbridge.unfurl.entity.Operations;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers Notion's unfurl callback: finds the source of a pasted uri, builds its preview as the
 * signed-in account, starts (or resumes) tracking it for the connection, and gives Notion the
 * operations to apply. Notion's DELETE stops the tracking.
 *
 * <p>Fast and bounded: a preview built for a (connection, uri) answers that pair's unfurls for
 * {@code previewbridge.fetch.cache-ttl} (PT30S; passing trouble is not kept), and concurrent
 * unfurls of the pair share one build (single flight). If the preview is not there within {@code
 * previewbridge.unfurl.budget} (PT2S), Notion gets a placeholder at once (the title the source can
 * make from the uri alone, else the uri, and {@code dev}); the build goes on, and when it arrives
 * it is recorded as a re-check of the tracked preview, which enqueues the PATCH with the full
 * preview (a passing failure is recorded and retried at the source's next refresh instead).
 */
@ApplicationScoped
public class Unfurler {

  private static final Logger LOG = Logger.getLogger(Unfurler.class.getName());
  static final String NO_SOURCE_MESSAGE = "No preview is available for this link";

  @Inject SourceRegistry registry;
  @Inject PreviewBuilder builder;
  @Inject PreviewTracker tracker;
  @Inject RequesterLookup requesters;
  @Inject Clock clock;

  @PersistenceContext EntityManager em;

  /** Runs builds that may outlive the request; without a container, builds run inline. */
  @Resource ManagedExecutorService executor;

  /** Zero without a container: every unfurl builds. */
  @Inject
  @ConfigProperty(name = "previewbridge.fetch.cache-ttl", defaultValue = "PT30S")
  Duration cacheTtl = Duration.ZERO;

  /** Null without a container: no budget, the answer waits for the build. */
  @Inject
  @ConfigProperty(name = "previewbridge.unfurl.budget", defaultValue = "PT2S")
  Duration budget;

  private volatile FetchCache<String, PreviewResult> cache;

  /** The whole unfurl answer, {@code {"uri":..,"operations":[...]}}. */
  public JsonObject unfurl(String connectionId, String accountId, String username, String uri) {
    Optional<Source.Match> match = registry.match(uri);
    if (match.isEmpty()) {
      return Operations.body(uri, Operations.error(404, NO_SOURCE_MESSAGE));
    }
    Source source = match.get().source();
    Requester requester = requesters.of(accountId, username);
    CompletableFuture<PreviewResult> pending =
        cache()
            .get(
                connectionId + "\n" + uri,
                () -> builder.build(match.get(), requester),
                executor == null ? Runnable::run : executor);
    Optional<PreviewResult> ready = await(pending);
    if (ready.isEmpty()) {
      JsonArray placeholder = placeholder(match.get()).operations();
      track(connectionId, uri, source, placeholder);
      // runs on the managed thread that finishes the build (or here, if it just finished)
      pending.thenAccept(full -> arrived(connectionId, uri, source, full));
      LOG.info(
          () ->
              "Source "
                  + source.id()
                  + " did not answer within "
                  + budget
                  + "; a placeholder was given, the full preview follows by PATCH");
      return Operations.body(uri, placeholder);
    }
    JsonArray operations = ready.get().operations();
    try {
      track(connectionId, uri, source, operations);
    } catch (TooManyTracked full) {
      return Operations.body(
          uri,
          Operations.error(
              429,
              "This Notion connection already follows "
                  + full.limit()
                  + " links; remove previews you no longer need"));
    }
    return Operations.body(uri, operations);
  }

  private Optional<PreviewResult> await(CompletableFuture<PreviewResult> pending) {
    try {
      if (budget == null) {
        return Optional.of(pending.join());
      }
      return Optional.of(pending.get(budget.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException slow) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void track(String connectionId, String uri, Source source, JsonArray operations) {
    try {
      tracker.unfurled(connectionId, uri, source.id(), operations, source.refresh());
    } catch (ConnectionGone | TooManyTracked refused) {
      throw refused;
    } catch (RuntimeException lostRace) {
      // Notion may unfurl the same link twice at once; the loser of the insert finds the row now
      tracker.unfurled(connectionId, uri, source.id(), operations, source.refresh());
    }
  }

  /**
   * The late preview: recorded as a re-check of the tracked preview, so a difference from the
   * placeholder is written with its PATCH delivery in one transaction.
   */
  void arrived(String connectionId, String uri, Source source, PreviewResult full) {
    try {
      Optional<String> previewId =
          em.createNamedQuery(TrackedPreview.BY_CONNECTION_AND_URI, TrackedPreview.class)
              .setParameter("connectionId", connectionId)
              .setParameter("uri", uri)
              .getResultStream()
              .findFirst()
              .map(TrackedPreview::id);
      if (previewId.isPresent()) {
        boolean changed = tracker.checked(previewId.get(), full, source.refresh());
        LOG.info(
            () ->
                "Source "
                    + source.id()
                    + " answered after the budget; "
                    + (changed ? "the full preview is queued for Notion" : "nothing to push"));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Recording a late preview of source " + source.id() + " failed", e);
    }
  }

  /**
   * What the pasted uri alone can give: the source's title if its template uses no fetched data
   * (only the pattern's groups and literal text), else the uri; and {@code dev}.
   */
  PreviewResult.Attributes placeholder(Source.Match match) {
    String title = match.uri();
    for (AttributeSpec spec : match.source().attributes()) {
      if (spec.id().equals(Attributes.TITLE_ID)
          && spec.value().partsOf(Template.Pointer.class).isEmpty()) {
        Optional<JsonObject> rendered =
            AttributeMapper.render(
                spec,
                part ->
                    part instanceof Template.Group g
                        ? Optional.ofNullable(match.groups().get(g.name()))
                        : Optional.empty());
        if (rendered.isPresent()) {
          return new PreviewResult.Attributes(
              JsonP.createArrayBuilder()
                  .add(rendered.get())
                  .add(Attributes.dev(registry.developerName()))
                  .build());
        }
      }
    }
    if (title.length() > Attributes.MAX_TEXT) {
      title = title.substring(0, Attributes.MAX_TEXT - 1) + "\u2026";
    }
    return new PreviewResult.Attributes(
        JsonP.createArrayBuilder()
            .add(Attributes.text(Attributes.TITLE_ID, "Title", SubType.TITLE, title, Section.TITLE))
            .add(Attributes.dev(registry.developerName()))
            .build());
  }

  private FetchCache<String, PreviewResult> cache() {
    FetchCache<String, PreviewResult> c = cache;
    if (c == null) {
      synchronized (this) {
        if (cache == null) {
          cache =
              new FetchCache<>(
                  cacheTtl == null ? Duration.ZERO : cacheTtl,
                  clock == null ? Clock.systemUTC() : clock,
                  result ->
                      !(result instanceof PreviewResult.Failure failure) || failure.definitive());
        }
        c = cache;
      }
    }
    return c;
  }

  /**
   * Change detection found a change and queued its PATCH: a cached preview of that (connection,
   * uri) is stale now, and an unfurl answering it would also overwrite the new state.
   */
  void onChangeQueued(@Observes DeliveryQueued queued) {
    if (em == null || cache == null) {
      return;
    }
    Delivery delivery = em.find(Delivery.class, queued.deliveryId());
    if (delivery != null) {
      cache.invalidate(delivery.connectionId() + "\n" + delivery.uri());
    }
  }

  /** Notion removed the preview: stop pushing updates for it. Idempotent. */
  public void forget(String connectionId, String uri) {
    cache().invalidate(connectionId + "\n" + uri);
    tracker.stop(connectionId, uri);
  }
}
