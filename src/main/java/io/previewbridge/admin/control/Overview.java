package io.previewbridge.admin.control;

import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.tracking.entity.TrackedPreview;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the overview shows: counts of connections (by status), workspaces, tracked previews (active
 * and stopped), pending and failed deliveries; the latest errors of previews and deliveries; and
 * the last hour's latency of unfurls ({@link Latencies}, this node's memory) and of pushes (from
 * the delivery rows: written to delivered, per minute of delivery, so every node sees the same).
 */
@ApplicationScoped
public class Overview {

  /** How many recent errors the overview lists. */
  public static final int RECENT_ERRORS = 8;

  /** Deliveries of the last hour read for the push chart, at most. */
  static final int MAX_PUSHES = 20_000;

  /** The counts of the tiles. */
  public record Counts(
      Map<Connection.Status, Long> connections,
      long workspaces,
      long activePreviews,
      long stoppedPreviews,
      long pendingDeliveries,
      long failedDeliveries) {}

  /** One recent error: of a preview's last check, or of a delivery's last attempt. */
  public record RecentError(
      String kind, String id, String uri, Instant at, Integer status, String message) {}

  @PersistenceContext EntityManager em;
  @Inject Latencies unfurls;
  @Inject Clock clock;

  @Transactional
  public Counts counts() {
    Map<Connection.Status, Long> connections = new EnumMap<>(Connection.Status.class);
    for (Connection.Status status : Connection.Status.values()) {
      connections.put(status, 0L);
    }
    for (Object[] row :
        em.createQuery(
                "SELECT c.status, COUNT(c) FROM Connection c GROUP BY c.status", Object[].class)
            .getResultList()) {
      connections.put((Connection.Status) row[0], ((Number) row[1]).longValue());
    }
    Map<TrackedPreview.Status, Long> previews = new EnumMap<>(TrackedPreview.Status.class);
    for (Object[] row :
        em.createQuery(
                "SELECT p.status, COUNT(p) FROM TrackedPreview p GROUP BY p.status", Object[].class)
            .getResultList()) {
      previews.put((TrackedPreview.Status) row[0], ((Number) row[1]).longValue());
    }
    Map<Delivery.Status, Long> deliveries = new EnumMap<>(Delivery.Status.class);
    for (Object[] row :
        em.createQuery(
                "SELECT d.status, COUNT(d) FROM Delivery d WHERE d.status IN :open"
                    + " GROUP BY d.status",
                Object[].class)
            .setParameter("open", List.of(Delivery.Status.PENDING, Delivery.Status.FAILED))
            .getResultList()) {
      deliveries.put((Delivery.Status) row[0], ((Number) row[1]).longValue());
    }
    long workspaces =
        em.createQuery("SELECT COUNT(w) FROM Workspace w", Long.class).getSingleResult();
    return new Counts(
        connections,
        workspaces,
        previews.getOrDefault(TrackedPreview.Status.ACTIVE, 0L),
        previews.getOrDefault(TrackedPreview.Status.STOPPED, 0L),
        deliveries.getOrDefault(Delivery.Status.PENDING, 0L),
        deliveries.getOrDefault(Delivery.Status.FAILED, 0L));
  }

  /**
   * The newest errors, newest first: previews whose last check failed (at that check), failed
   * deliveries (at the failure) and pending deliveries whose last attempt failed (at their
   * creation: the time of the last attempt is not kept).
   */
  @Transactional
  public List<RecentError> recentErrors() {
    List<RecentError> errors = new ArrayList<>();
    for (TrackedPreview p :
        em.createQuery(
                "SELECT p FROM TrackedPreview p WHERE p.lastError IS NOT NULL"
                    + " ORDER BY p.lastCheckedAt DESC",
                TrackedPreview.class)
            .setMaxResults(RECENT_ERRORS)
            .getResultList()) {
      errors.add(
          new RecentError(
              "preview",
              p.id(),
              p.uri(),
              p.lastCheckedAt() == null ? p.createdAt() : p.lastCheckedAt(),
              null,
              p.lastError()));
    }
    for (Delivery d :
        em.createQuery(
                "SELECT d FROM Delivery d WHERE d.status = :failed ORDER BY d.nextAttemptAt DESC",
                Delivery.class)
            .setParameter("failed", Delivery.Status.FAILED)
            .setMaxResults(RECENT_ERRORS)
            .getResultList()) {
      errors.add(
          new RecentError(
              "delivery", d.id(), d.uri(), d.nextAttemptAt(), d.lastStatus(), d.lastError()));
    }
    for (Delivery d :
        em.createQuery(
                "SELECT d FROM Delivery d WHERE d.status = :pending AND d.lastError IS NOT NULL"
                    + " ORDER BY d.createdAt DESC",
                Delivery.class)
            .setParameter("pending", Delivery.Status.PENDING)
            .setMaxResults(RECENT_ERRORS)
            .getResultList()) {
      errors.add(
          new RecentError(
              "delivery", d.id(), d.uri(), d.createdAt(), d.lastStatus(), d.lastError()));
    }
    return errors.stream()
        .sorted(Comparator.comparing(RecentError::at).reversed())
        .limit(RECENT_ERRORS)
        .toList();
  }

  /** Unfurl latency per minute of the last hour, on this node (in memory). */
  public List<Latencies.Minute> unfurlLatency() {
    return unfurls.lastHour();
  }

  /** Push latency (written to delivered) per minute of delivery, over the last hour. */
  @Transactional
  public List<Latencies.Minute> pushLatency() {
    Instant now = clock.instant();
    long current = Latencies.epochMinute(now);
    long first = current - Latencies.MINUTES + 1;
    List<Object[]> rows =
        em.createQuery(
                "SELECT d.createdAt, d.deliveredAt FROM Delivery d WHERE d.status = :delivered"
                    + " AND d.deliveredAt >= :since ORDER BY d.deliveredAt DESC",
                Object[].class)
            .setParameter("delivered", Delivery.Status.DELIVERED)
            .setParameter("since", Instant.ofEpochSecond(first * 60))
            .setMaxResults(MAX_PUSHES)
            .getResultList();
    return perMinute(rows, first);
  }

  /** Groups (created, delivered) pairs into the 60 minutes starting at {@code firstMinute}. */
  static List<Latencies.Minute> perMinute(List<Object[]> createdDelivered, long firstMinute) {
    List<List<Long>> byMinute = new ArrayList<>();
    for (int i = 0; i < Latencies.MINUTES; i++) {
      byMinute.add(new ArrayList<>());
    }
    for (Object[] row : createdDelivered) {
      Instant created = instant(row[0]);
      Instant delivered = instant(row[1]);
      if (created == null || delivered == null) {
        continue;
      }
      long index = Latencies.epochMinute(delivered) - firstMinute;
      if (index >= 0 && index < Latencies.MINUTES) {
        byMinute.get((int) index).add(Math.max(0, Duration.between(created, delivered).toMillis()));
      }
    }
    List<Latencies.Minute> minutes = new ArrayList<>();
    for (int i = 0; i < Latencies.MINUTES; i++) {
      long[] millis = byMinute.get(i).stream().mapToLong(Long::longValue).toArray();
      minutes.add(
          Latencies.summary(Instant.ofEpochSecond((firstMinute + i) * 60), millis.length, millis));
    }
    return minutes;
  }

  /** A projected timestamp, whether or not the provider applied the attribute's converter. */
  static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    return null;
  }
}
