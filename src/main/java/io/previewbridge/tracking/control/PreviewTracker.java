package io.previewbridge.tracking.control;

import io.previewbridge.credentials.control.CredentialRenewed;
import io.previewbridge.delivery.control.Outbox;
import io.previewbridge.delivery.control.PreviewGone;
import io.previewbridge.nodes.control.Nodes;
import io.previewbridge.notion.control.ConnectionRevoked;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.control.DatabaseProduct;
import io.previewbridge.platform.control.Secrets;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.tracking.entity.TrackedPreview;
import io.previewbridge.unfurl.entity.Operations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The watched previews: started (or resumed) by an unfurl, stopped by Notion's DELETE, by a 404
 * from Notion or by a revoked connection, and updated by change detection, which writes the new
 * state and its delivery in one transaction.
 *
 * <p>The {@code attributes} column holds the {@code operations} array last given to Notion (the
 * attribute set, or the error operation when the item is gone), and {@code content_hash} its
 * SHA-256: an error is a state of the preview, and a change from or to it must be pushed too.
 */
@ApplicationScoped
public class PreviewTracker {

  private static final Logger LOG = Logger.getLogger(PreviewTracker.class.getName());

  /** A preview claimed for a re-check as {@code claimId}, with what the check needs. */
  public record Due(
      String previewId,
      String claimId,
      String connectionId,
      String accountId,
      String uri,
      String sourceId,
      /** of what Notion has (or is being sent); null before the first full preview */
      String contentHash,
      /** when it was last unfurled or changed: how hot it is */
      Instant lastActivityAt) {}

  /** A check under a claim that found what Notion already has: {@link #checkedUnchanged}. */
  public record Unchanged(Due due, Refresh refresh) {}

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject Clock clock;
  @Inject PollingSchedule schedule;
  @Inject Nodes nodes;
  @Inject DatabaseProduct database;

  /**
   * How many links one connection may have tracked at once: each costs a re-check on every cycle,
   * and a connection (a person, or a stolen token) must not be able to make the server poll without
   * bound.
   */
  @Inject
  @ConfigProperty(name = "previewbridge.tracking.max-per-connection", defaultValue = "5000")
  long maxTrackedPerConnection = 5000;

  /**
   * Records that Notion was just answered with {@code operations} for {@code uri}: creates the
   * tracked preview or updates (and reactivates) it, and supersedes any pending delivery, which the
   * answer has made stale.
   *
   * @throws ConnectionGone if the connection does not exist or was revoked
   */
  @Transactional
  public void unfurled(
      String connectionId, String uri, String sourceId, JsonArray operations, Refresh refresh) {
    Instant now = clock.instant();
    Connection connection = em.find(Connection.class, connectionId);
    if (connection == null || connection.status() == Connection.Status.REVOKED) {
      throw new ConnectionGone("The connection of this token no longer exists");
    }
    connection.used(now);
    String json = operations.toString();
    Optional<TrackedPreview> known = find(connectionId, uri);
    if (known.isEmpty() || !known.get().isActive()) {
      long active =
          em.createNamedQuery(TrackedPreview.COUNT_ACTIVE_OF_CONNECTION, Long.class)
              .setParameter("connectionId", connectionId)
              .setParameter("status", TrackedPreview.Status.ACTIVE)
              .getSingleResult();
      if (active >= maxTrackedPerConnection) {
        throw new TooManyTracked(maxTrackedPerConnection);
      }
    }
    TrackedPreview preview =
        known.orElseGet(
            () -> {
              TrackedPreview created = new TrackedPreview(connectionId, uri, sourceId, now);
              em.persist(created);
              return created;
            });
    preview.unfurled(sourceId, json, Secrets.sha256(json), now);
    preview.scheduleCheck(schedule.next(refresh, preview.lastActivityAt(), now));
    outbox.supersedePendingOf(preview.id());
  }

  /** Stops watching {@code uri} for the connection; idempotent. */
  @Transactional
  public boolean stop(String connectionId, String uri) {
    Optional<TrackedPreview> preview = find(connectionId, uri);
    preview.ifPresent(
        p -> {
          p.stop();
          outbox.supersedePendingOf(p.id());
        });
    return preview.isPresent();
  }

  /** The connection is gone: stop all its previews and drop their pending deliveries. */
  @Transactional
  void onConnectionRevoked(@Observes ConnectionRevoked revoked) {
    em.createNamedQuery(TrackedPreview.STOP_ALL_OF_CONNECTION)
        .setParameter("stopped", TrackedPreview.Status.STOPPED)
        .setParameter("connectionId", revoked.connectionId())
        .executeUpdate();
    outbox.supersedePendingOfConnection(revoked.connectionId());
  }

  /**
   * A person signed in again (or linked a product) after their credential was missing or gone:
   * their previews, stopped or refused for want of it, are checked now rather than at their next
   * (backed-off) refresh.
   */
  @Transactional
  void onCredentialRenewed(@Observes CredentialRenewed renewed) {
    Instant now = clock.instant();
    List<TrackedPreview> previews =
        em.createNamedQuery(TrackedPreview.ACTIVE_OF_ACCOUNT, TrackedPreview.class)
            .setParameter("status", TrackedPreview.Status.ACTIVE)
            .setParameter("accountId", renewed.accountId())
            .getResultList();
    previews.forEach(preview -> preview.dueAt(now));
    if (!previews.isEmpty()) {
      LOG.info(
          () ->
              previews.size()
                  + " previews of account "
                  + renewed.accountId()
                  + " are checked now: its "
                  + renewed.serverId()
                  + " credential is usable again");
    }
  }

  /** Notion no longer knows the preview (404 to a PATCH): stop watching it. */
  void onPreviewGone(@Observes PreviewGone gone) {
    TrackedPreview preview = em.find(TrackedPreview.class, gone.trackedPreviewId());
    if (preview != null) {
      preview.stop();
      outbox.supersedePendingOf(preview.id());
      LOG.info(() -> "Stopped tracking preview " + preview.id() + ": Notion answered 404");
    }
  }

  /**
   * Makes every active preview of {@code uri}, whichever connection unfurled it, due for a re-check
   * now: the company's system (or the demo product) said the content changed, so the next timer run
   * checks it instead of waiting for the source's refresh.
   *
   * @return how many previews were made due
   */
  @Transactional
  public int recheckNow(String uri) {
    Instant now = clock.instant();
    // locked: two changes of one link at once (a webhook burst, two edits) would otherwise both
    // update the same rows and the second commit fail on their version; in id order, so that
    // two transactions never wait on each other's rows
    List<TrackedPreview> previews =
        em.createNamedQuery(TrackedPreview.ACTIVE_BY_URI, TrackedPreview.class)
            .setParameter("uri", uri)
            .setParameter("status", TrackedPreview.Status.ACTIVE)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    previews.forEach(preview -> preview.dueAt(now));
    return previews.size();
  }

  /** {@link #recheckNow(String)} for several uris, in one transaction. */
  @Transactional
  public int recheckNow(Collection<String> uris) {
    int due = 0;
    for (String uri : new java.util.TreeSet<>(uris)) {
      due += recheckNow(uri);
    }
    return due;
  }

  /**
   * The distinct uris of the active previews of source {@code sourceId}: a change webhook that
   * names a source and pattern groups finds its previews among them (the pattern cannot be
   * inverted).
   */
  @Transactional
  public List<String> activeUrisOfSource(String sourceId) {
    return em.createNamedQuery(TrackedPreview.ACTIVE_URIS_OF_SOURCE, String.class)
        .setParameter("sourceId", sourceId)
        .setParameter("status", TrackedPreview.Status.ACTIVE)
        .getResultList();
  }

  /**
   * Claims up to {@code batchSize} active previews due for a re-check, holding each for {@code
   * lease} so that no other check takes it meanwhile, on this node or another; a checker that dies
   * leaves its claims to be taken again when the lease runs out. On PostgreSQL the due rows are
   * locked with {@code FOR UPDATE SKIP LOCKED}, so concurrent claims take different rows without
   * waiting; elsewhere each row is taken only if its version is still the one read (a row another
   * node took first is left to it). Previews of a connection that must be reconnected are held
   * back, not checked: nothing could be delivered.
   */
  @Transactional
  public List<Due> claimDue(int batchSize, Duration lease) {
    Instant now = clock.instant();
    Instant until = now.plus(lease);
    String claim = UUID.randomUUID().toString();
    List<String> claimed =
        database.supportsSkipLocked()
            ? claimLocked(batchSize, now, until, claim)
            : claimIfUnchanged(batchSize, now, until, claim);
    if (claimed.isEmpty()) {
      return List.of();
    }
    Map<String, Due> active = new HashMap<>();
    for (Object[] row :
        em.createNamedQuery(TrackedPreview.CLAIMED, Object[].class)
            .setParameter("ids", claimed)
            .setParameter("claim", claim)
            .getResultList()) {
      if (row[5] == Connection.Status.ACTIVE) {
        active.put(
            (String) row[0],
            new Due(
                (String) row[0],
                claim,
                (String) row[1],
                (String) row[2],
                (String) row[3],
                (String) row[4],
                (String) row[6],
                TrackedPreview.lastActivity((Instant) row[7], (Instant) row[8], (Instant) row[9])));
      }
    }
    // soonest due first, as claimed
    return claimed.stream().map(active::get).filter(Objects::nonNull).toList();
  }

  private List<String> claimLocked(int batchSize, Instant now, Instant until, String claim) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        em.createNativeQuery(TrackedPreview.DUE_SKIP_LOCKED_SQL)
            .setParameter(1, TrackedPreview.Status.ACTIVE.name())
            .setParameter(2, now.atOffset(ZoneOffset.UTC))
            .setParameter(3, batchSize)
            .getResultList();
    if (!ids.isEmpty()) {
      em.createNamedQuery(TrackedPreview.CLAIM_LOCKED)
          .setParameter("until", until)
          .setParameter("claim", claim)
          .setParameter("node", nodes.name())
          .setParameter("ids", ids)
          .executeUpdate();
    }
    return ids;
  }

  private List<String> claimIfUnchanged(int batchSize, Instant now, Instant until, String claim) {
    List<String> ids = new ArrayList<>();
    for (Object[] row :
        em.createNamedQuery(TrackedPreview.DUE_VERSIONS, Object[].class)
            .setParameter("status", TrackedPreview.Status.ACTIVE)
            .setParameter("now", now)
            .setMaxResults(batchSize)
            .getResultList()) {
      int taken =
          em.createNamedQuery(TrackedPreview.CLAIM_IF_UNCHANGED)
              .setParameter("until", until)
              .setParameter("claim", claim)
              .setParameter("node", nodes.name())
              .setParameter("id", row[0])
              .setParameter("version", row[1])
              .setParameter("status", TrackedPreview.Status.ACTIVE)
              .executeUpdate();
      if (taken == 1) {
        ids.add((String) row[0]);
      }
    }
    return ids;
  }

  /**
   * Records a re-check made under {@code claimId}. A new attribute set, or a definitive error, that
   * differs from what Notion has is a change: the preview and a delivery of the full PATCH body are
   * written together. A passing failure (5xx, timeout) changes nothing Notion shows. A check whose
   * claim was lost (its lease ran out and another check took the preview) records nothing: the
   * newer check's result is the one that counts.
   *
   * @return whether a change was found
   */
  @Transactional
  public boolean checked(String previewId, String claimId, PreviewResult result, Refresh refresh) {
    TrackedPreview preview = locked(previewId);
    if (preview == null || !preview.isActive()) {
      return false;
    }
    if (!preview.claimedBy(claimId)) {
      LOG.fine(() -> "Check of preview " + previewId + " lost its claim; its result is dropped");
      return false;
    }
    return record(preview, result, refresh);
  }

  /**
   * The content hash a result gives the preview, as {@link #checked} computes it; null for a
   * passing failure (5xx, timeout), which leaves the content as it was.
   */
  public static String contentHash(PreviewResult result) {
    if (result instanceof PreviewResult.Failure failure && !failure.definitive()) {
      return null;
    }
    return Secrets.sha256(result.operations().toString());
  }

  /**
   * Records checks whose result has the content hash their claim read ({@link #contentHash}{@code
   * (result).equals(due.contentHash())}): nothing for Notion, only the check's time and the next
   * one, one UPDATE each and one transaction for all, without loading the rows. This is what almost
   * every poll comes to, so it is made cheap. A check whose claim was lost, or whose preview was
   * changed meanwhile (an unfurl wrote a newer state), records nothing: the preview is checked
   * again when the claim's lease ends. Nor does one whose preview was made due while it ran (a
   * change webhook; see {@link TrackedPreview#madeDueDuringCheck}): that preview is due already,
   * and the next batch checks it again.
   *
   * @return how many were recorded
   */
  @Transactional
  public int checkedUnchanged(List<Unchanged> checks) {
    Instant now = clock.instant();
    int recorded = 0;
    for (Unchanged check : checks) {
      Due due = check.due();
      recorded +=
          em.createNamedQuery(TrackedPreview.CHECKED_UNCHANGED)
              .setParameter("now", now)
              .setParameter("node", nodes.name())
              .setParameter("next", schedule.next(check.refresh(), due.lastActivityAt(), now))
              .setParameter("id", due.previewId())
              .setParameter("claim", due.claimId())
              .setParameter("hash", due.contentHash())
              .setParameter("status", TrackedPreview.Status.ACTIVE)
              .executeUpdate();
    }
    return recorded;
  }

  /**
   * Records a fresh result that no claim covers (an unfurl that answered with a placeholder and
   * fetched the full preview afterwards).
   */
  @Transactional
  public boolean checked(String previewId, PreviewResult result, Refresh refresh) {
    TrackedPreview preview = locked(previewId);
    if (preview == null || !preview.isActive()) {
      return false;
    }
    return record(preview, result, refresh);
  }

  /**
   * Writes a check's result and schedules the next check, unless a change was announced while this
   * check ran: then the preview stays due, because this result may predate that change (the
   * webhook's own check waits for the running batch, so it would otherwise find nothing due).
   */
  private boolean record(TrackedPreview preview, PreviewResult result, Refresh refresh) {
    Instant now = clock.instant();
    boolean dueAgain = preview.madeDueDuringCheck(now);
    if (result instanceof PreviewResult.Failure failure && !failure.definitive()) {
      preview.checkFailed(failure.status() + " " + failure.message(), nodes.name(), now);
      if (!dueAgain) {
        preview.scheduleCheck(schedule.next(refresh, preview.lastActivityAt(), now));
      }
      return false;
    }
    JsonArray operations = result.operations();
    String json = operations.toString();
    String hash = Secrets.sha256(json); // as contentHash(result)
    boolean changed = preview.checked(json, hash, nodes.name(), now);
    if (!dueAgain) {
      preview.scheduleCheck(schedule.next(refresh, preview.lastActivityAt(), now));
    }
    if (changed) {
      String payload = Operations.body(preview.uri(), operations).toString();
      outbox.enqueue(preview.id(), preview.connectionId(), preview.uri(), payload, hash);
    }
    return changed;
  }

  /** A re-check could not be made at all (the source was removed from the file, ...). */
  @Transactional
  public void checkImpossible(String previewId, String claimId, String reason, Duration retryIn) {
    TrackedPreview preview = locked(previewId);
    if (preview != null && preview.claimedBy(claimId)) {
      Instant now = clock.instant();
      preview.checkFailed(reason, nodes.name(), now);
      preview.scheduleCheck(now.plus(retryIn));
    }
  }

  /**
   * The connection's preview of {@code uri}, locked for the transaction, as every method that
   * writes a preview reads it: an unfurl, a stop and a check's result then wait for each other
   * instead of one failing on the row's version (an unfurl meeting a check of its link on another
   * thread was a 500, found by the soak run).
   */
  private Optional<TrackedPreview> find(String connectionId, String uri) {
    return em.createNamedQuery(TrackedPreview.BY_CONNECTION_AND_URI, TrackedPreview.class)
        .setParameter("connectionId", connectionId)
        .setParameter("uri", uri)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .findFirst();
  }

  /** The preview, locked for the transaction (see {@link #find(String, String)}); or null. */
  private TrackedPreview locked(String previewId) {
    return em.find(TrackedPreview.class, previewId, LockModeType.PESSIMISTIC_WRITE);
  }
}
