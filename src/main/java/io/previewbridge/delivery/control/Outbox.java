package io.previewbridge.delivery.control;

import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.notion.entity.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deliveries that must reach Notion, kept in the database so that none is lost across a
 * restart. Writing joins the caller's transaction (a change and its delivery commit together);
 * sending is claimed row by row, so two senders never both own one delivery and a sender that dies
 * releases it when its claim runs out. A claim locks the live deliveries of its preview ({@code
 * SELECT ... FOR UPDATE}), so that claims of one preview on different nodes take turns: while an
 * attempt is on its way to Notion, a newer state of the same preview waits for it instead of racing
 * it (a PATCH replaces the whole preview, and the older one must not land last).
 */
@ApplicationScoped
public class Outbox {

  /** What a sender needs for one attempt, read in the claiming transaction. */
  public record Claim(
      String deliveryId,
      String trackedPreviewId,
      String connectionId,
      String workspaceId,
      String payload,
      int attempts,
      Connection.Status connectionStatus,
      String encryptedNotionToken,
      String tokenBinding) {

    static Claim of(Delivery d, Connection c) {
      return new Claim(
          d.id(),
          d.trackedPreviewId(),
          d.connectionId(),
          c == null || c.workspace() == null ? null : c.workspace().id(),
          d.payload(),
          d.attempts(),
          c == null ? null : c.status(),
          c == null ? null : c.encryptedNotionToken(),
          c == null ? null : c.tokenBinding());
    }

    @Override
    public String toString() {
      return "Claim["
          + deliveryId
          + ", connection "
          + connectionId
          + ", attempts "
          + attempts
          + "]";
    }
  }

  /**
   * How long a delivery waits when an older state of the same preview is still on its way to
   * Notion; it goes at the next timer run after that.
   */
  static final Duration IN_FLIGHT_WAIT = Duration.ofMillis(200);

  @PersistenceContext EntityManager em;
  @Inject Event<DeliveryQueued> queued;
  @Inject Event<PreviewGone> gone;
  @Inject Clock clock;

  public Outbox() {}

  /** For tests without a container (tracking's repository tests use a real outbox). */
  public Outbox(
      EntityManager em, Event<DeliveryQueued> queued, Event<PreviewGone> gone, Clock clock) {
    this.em = em;
    this.queued = queued;
    this.gone = gone;
    this.clock = clock;
  }

  /**
   * Queues the complete PATCH body for a preview, superseding whatever was still pending for it.
   * Joins the caller's transaction.
   */
  @Transactional
  public String enqueue(
      String trackedPreviewId, String connectionId, String uri, String payload, String hash) {
    supersedePendingOf(trackedPreviewId);
    Delivery delivery =
        new Delivery(trackedPreviewId, connectionId, uri, payload, hash, clock.instant());
    em.persist(delivery);
    queued.fire(new DeliveryQueued(delivery.id()));
    return delivery.id();
  }

  /**
   * Supersedes the preview's pending deliveries. Locks them first, as a sender's claim does ({@link
   * Delivery#LIVE_OF_PREVIEW}, both in id order, so neither waits for the other in a circle): a
   * change found while a sender claims the older delivery then waits a moment instead of failing on
   * its version, which would lose the change until the check's lease ran out.
   */
  @Transactional
  public int supersedePendingOf(String trackedPreviewId) {
    List<Delivery> pending =
        em.createNamedQuery(Delivery.PENDING_OF_PREVIEW, Delivery.class)
            .setParameter("previewId", trackedPreviewId)
            .setParameter("pending", Delivery.Status.PENDING)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    pending.forEach(Delivery::supersede);
    return pending.size();
  }

  @Transactional
  public int supersedePendingOfConnection(String connectionId) {
    List<Delivery> pending =
        em.createNamedQuery(Delivery.PENDING_OF_CONNECTION, Delivery.class)
            .setParameter("connectionId", connectionId)
            .setParameter("pending", Delivery.Status.PENDING)
            .getResultList();
    pending.forEach(Delivery::supersede);
    return pending.size();
  }

  /** A pending delivery that is due, as a sender's run pages through them. */
  public record Due(String deliveryId, String connectionId, Instant nextAttemptAt) {}

  /**
   * Pending deliveries due at {@code now}, oldest first (ties by id), after {@code after} in that
   * order (null for the first page). Paging by key rather than offset: the deliveries a run has
   * sent or held are no longer due, and the ones it skipped still are, so an offset would drift.
   */
  @Transactional
  public List<Due> due(Instant now, Due after, int batchSize) {
    var query =
        em.createNamedQuery(after == null ? Delivery.DUE : Delivery.DUE_AFTER, Object[].class)
            .setParameter("pending", Delivery.Status.PENDING)
            .setParameter("now", now);
    if (after != null) {
      query
          .setParameter("afterAt", after.nextAttemptAt())
          .setParameter("afterId", after.deliveryId());
    }
    return query.setMaxResults(batchSize).getResultList().stream()
        .map(row -> new Due((String) row[0], (String) row[1], (Instant) row[2]))
        .toList();
  }

  /**
   * Claims a due delivery for one attempt lasting at most {@code lease}. Empty if it is no longer
   * pending or due, if a newer delivery of the same preview supersedes it (coalescing), or if an
   * attempt of another delivery of the preview is still on its way to Notion (from any node): then
   * this one is held for {@link #IN_FLIGHT_WAIT} and goes after it.
   */
  @Transactional
  public Optional<Claim> claim(String deliveryId, Duration lease) {
    Instant now = clock.instant();
    Optional<String> previewId =
        em.createNamedQuery(Delivery.PREVIEW_OF, String.class)
            .setParameter("id", deliveryId)
            .getResultStream()
            .findFirst();
    if (previewId.isEmpty()) {
      return Optional.empty();
    }
    List<Delivery> live =
        em.createNamedQuery(Delivery.LIVE_OF_PREVIEW, Delivery.class)
            .setParameter("previewId", previewId.get())
            .setParameter("pending", Delivery.Status.PENDING)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    // an attempt whose sender died before recording it is over once its lease has run out
    live.stream().filter(d -> !d.isPending() && !d.isInFlight(now)).forEach(Delivery::attemptOver);
    Optional<Delivery> found = live.stream().filter(d -> d.id().equals(deliveryId)).findFirst();
    if (found.isEmpty() || !found.get().isPending() || found.get().nextAttemptAt().isAfter(now)) {
      return Optional.empty();
    }
    Delivery delivery = found.get();
    List<Delivery> pending = live.stream().filter(Delivery::isPending).toList();
    Optional<Delivery> newest = Coalescing.keepNewest(pending);
    if (newest.isEmpty() || !newest.get().id().equals(deliveryId)) {
      return Optional.empty();
    }
    if (live.stream().anyMatch(d -> d != delivery && d.isInFlight(now))) {
      delivery.holdUntil(now.plus(IN_FLIGHT_WAIT));
      return Optional.empty();
    }
    delivery.holdUntil(now.plus(lease));
    delivery.sending(now.plus(lease));
    em.flush();
    return Optional.of(Claim.of(delivery, em.find(Connection.class, delivery.connectionId())));
  }

  /**
   * Records how an attempt ended; a 401 marks the connection, a 404 stops the preview. The delivery
   * is read locked: an unfurl or a newer change may supersede it while the attempt runs, and the
   * outcome is then applied to what they wrote rather than failing on the row's version.
   */
  @Transactional
  public void record(String deliveryId, Deliverer.Outcome outcome) {
    Delivery delivery = em.find(Delivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
    if (delivery == null) {
      return;
    }
    Connection connection = em.find(Connection.class, delivery.connectionId());
    delivery.attemptOver();
    Deliverer.apply(outcome, delivery, connection, clock.instant());
    if (outcome instanceof Deliverer.Failed failed
        && failed.consequence() == Deliverer.Consequence.STOP_TRACKING) {
      gone.fire(new PreviewGone(delivery.trackedPreviewId(), failed.message()));
    }
  }

  /**
   * Holds a claimed delivery back without counting an attempt (its connection is rate limited):
   * nothing was sent.
   */
  @Transactional
  public void hold(String deliveryId, Instant until) {
    Delivery delivery = em.find(Delivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
    if (delivery != null) {
      delivery.attemptOver();
      if (delivery.isPending()) {
        delivery.holdUntil(until);
      }
    }
  }
}
