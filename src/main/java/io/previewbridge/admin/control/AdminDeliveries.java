package io.previewbridge.admin.control;

import io.previewbridge.delivery.control.DeliveryQueued;
import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.control.NotFound;
import io.previewbridge.tracking.entity.TrackedPreview;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries an admin looks after (pending and failed, with Notion's last answer), and the two
 * things an admin can do with one: retry it now, or discard it.
 *
 * <p>Retrying never sends an older state over a newer one. A PATCH replaces the whole preview in
 * Notion, so a delivery may only be retried while it still carries the newest state we know of: if
 * the same preview has a newer delivery (in any status), or Notion unfurled the preview after the
 * delivery was written, the retry is refused ({@link AdminConflict}, 409) and the message says
 * which newer state exists. A delivery of a revoked connection, or one waiting for reconnection, is
 * refused too: it could only fail again. A retried delivery is pending, due now, its attempts
 * reset; {@link DeliveryQueued} is fired so the sender tries it right after the commit instead of
 * at the next timer run.
 *
 * <p>Discarding a pending or failed delivery marks it SUPERSEDED: it is never sent, and stays in
 * the table for the record. Both actions write the audit log in their own transaction.
 */
@ApplicationScoped
public class AdminDeliveries {

  /** Which deliveries a list shows. */
  public enum Filter {
    PENDING,
    FAILED
  }

  /** One row of the list. */
  public record Row(
      String id,
      String uri,
      String trackedPreviewId,
      String connectionId,
      String username,
      String workspaceName,
      Delivery.Status status,
      int attempts,
      Instant createdAt,
      Instant nextAttemptAt,
      Integer lastStatus,
      String lastError) {}

  public static final int MAX_LIMIT = 500;

  @PersistenceContext EntityManager em;
  @Inject AuditLog auditLog;
  @Inject Clock clock;
  @Inject Event<DeliveryQueued> queued;

  /**
   * Pending deliveries by next attempt (soonest first), failed ones newest first; both (null
   * filter): newest first.
   */
  @Transactional
  public List<Row> list(Filter filter, int limit) {
    String order =
        filter == Filter.PENDING
            ? " ORDER BY d.nextAttemptAt, d.id"
            : " ORDER BY d.createdAt DESC, d.id";
    List<Delivery.Status> statuses =
        filter == null
            ? List.of(Delivery.Status.PENDING, Delivery.Status.FAILED)
            : List.of(filter == Filter.PENDING ? Delivery.Status.PENDING : Delivery.Status.FAILED);
    List<Delivery> found =
        em.createQuery(
                "SELECT d FROM Delivery d WHERE d.status IN :statuses" + order, Delivery.class)
            .setParameter("statuses", statuses)
            .setMaxResults(limit)
            .getResultList();
    Map<String, Connection> connections = new HashMap<>();
    Map<String, Account> accounts = new HashMap<>();
    return found.stream()
        .map(
            d -> {
              Connection c =
                  connections.computeIfAbsent(
                      d.connectionId(), id -> em.find(Connection.class, id));
              Account a =
                  c == null
                      ? null
                      : accounts.computeIfAbsent(c.accountId(), id -> em.find(Account.class, id));
              return row(d, c, a);
            })
        .toList();
  }

  /** One delivery's row. */
  @Transactional
  public Row get(String id) {
    Delivery d = find(id);
    Connection c = em.find(Connection.class, d.connectionId());
    return row(d, c, c == null ? null : em.find(Account.class, c.accountId()));
  }

  /**
   * Makes a pending or failed delivery due now with its attempts reset, and has it sent right after
   * the commit.
   *
   * @throws NotFound if there is no such delivery
   * @throws AdminConflict if it was delivered or superseded, a newer state of its preview exists,
   *     or its connection cannot be used
   */
  @Transactional
  public Row retry(String actor, String id) {
    Delivery d = find(id);
    if (d.status() == Delivery.Status.DELIVERED || d.status() == Delivery.Status.SUPERSEDED) {
      throw new AdminConflict(
          "This delivery is "
              + d.status().name().toLowerCase()
              + "; only pending or failed deliveries can be retried");
    }
    newerStateOf(d);
    Connection c = em.find(Connection.class, d.connectionId());
    if (c == null || !c.isActive()) {
      throw new AdminConflict(
          "The connection of this delivery is "
              + (c == null ? "gone" : c.status().name().toLowerCase().replace('_', ' '))
              + "; nothing can be sent with it until the user connects again");
    }
    Delivery.Status before = d.status();
    int attempts = d.attempts();
    Integer lastStatus = d.lastStatus();
    d.retryNow(clock.instant());
    auditLog.record(
        actor,
        "delivery.retry",
        id,
        "Retry of "
            + d.uri()
            + " (was "
            + before.name().toLowerCase()
            + " after "
            + attempts
            + " attempt(s)"
            + (lastStatus == null ? "" : ", Notion's last answer HTTP " + lastStatus)
            + ")");
    // a sender that claimed it meanwhile makes this fail here, as a conflict, not at commit
    em.flush();
    queued.fire(new DeliveryQueued(d.id()));
    return row(d, c, em.find(Account.class, c.accountId()));
  }

  /**
   * Marks a pending or failed delivery as never to be sent.
   *
   * @throws NotFound if there is no such delivery
   * @throws AdminConflict if it was delivered or superseded already
   */
  @Transactional
  public Row discard(String actor, String id) {
    Delivery d = find(id);
    if (d.status() == Delivery.Status.DELIVERED || d.status() == Delivery.Status.SUPERSEDED) {
      throw new AdminConflict(
          "This delivery is already "
              + d.status().name().toLowerCase()
              + "; only pending or failed deliveries can be discarded");
    }
    Delivery.Status before = d.status();
    d.discard();
    auditLog.record(
        actor,
        "delivery.discard",
        id,
        "Discarded the "
            + before.name().toLowerCase()
            + " delivery of "
            + d.uri()
            + " after "
            + d.attempts()
            + " attempt(s)");
    em.flush();
    Connection c = em.find(Connection.class, d.connectionId());
    return row(d, c, c == null ? null : em.find(Account.class, c.accountId()));
  }

  /** Refuses a retry that would overwrite a newer state of the preview in Notion. */
  private void newerStateOf(Delivery d) {
    List<Delivery> newer =
        em.createQuery(
                "SELECT n FROM Delivery n WHERE n.trackedPreviewId = :previewId AND n.id <> :id"
                    + " AND (n.createdAt > :createdAt OR (n.createdAt = :createdAt AND n.id >"
                    + " :id)) ORDER BY n.createdAt DESC",
                Delivery.class)
            .setParameter("previewId", d.trackedPreviewId())
            .setParameter("id", d.id())
            .setParameter("createdAt", d.createdAt())
            .setMaxResults(1)
            .getResultList();
    if (!newer.isEmpty()) {
      Delivery n = newer.get(0);
      throw new AdminConflict(
          "A newer delivery of this preview exists ("
              + n.id()
              + ", "
              + n.status().name().toLowerCase()
              + ", created "
              + n.createdAt()
              + "); retrying this one would send an older state over it."
              + (n.status() == Delivery.Status.FAILED ? " Retry the newer one instead." : ""));
    }
    TrackedPreview preview = em.find(TrackedPreview.class, d.trackedPreviewId());
    if (preview != null
        && preview.lastUnfurledAt() != null
        && preview.lastUnfurledAt().isAfter(d.createdAt())) {
      throw new AdminConflict(
          "Notion unfurled this preview again at "
              + preview.lastUnfurledAt()
              + ", after this delivery was written; it already shows a newer state");
    }
  }

  private Delivery find(String id) {
    Delivery d = id == null ? null : em.find(Delivery.class, id);
    if (d == null) {
      throw new NotFound("No delivery " + id);
    }
    return d;
  }

  private static Row row(Delivery d, Connection c, Account a) {
    return new Row(
        d.id(),
        d.uri(),
        d.trackedPreviewId(),
        d.connectionId(),
        a == null ? null : a.username(),
        c == null ? null : c.workspace().name(),
        d.status(),
        d.attempts(),
        d.createdAt(),
        d.nextAttemptAt(),
        d.lastStatus(),
        d.lastError());
  }
}
