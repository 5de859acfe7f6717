package io.previewbridge.delivery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * One PATCH to Notion's {@code /v1/external/object} that must reach Notion: the outbox row written
 * in the same transaction as the change it announces.
 *
 * <p>Invariants: a delivery is PENDING until Notion accepts it (DELIVERED), a newer delivery for
 * the same preview replaces it (SUPERSEDED), or it is given up (FAILED, visible to the admin). Only
 * the newest pending delivery of a preview is ever sent. {@code inFlightUntil} is set while an
 * attempt is on its way to Notion (until the attempt's lease ends, should its sender die), and no
 * other delivery of the preview is sent meanwhile.
 */
@Entity
@Table(name = "delivery")
@NamedQuery(
    name = Delivery.DUE,
    query =
        "SELECT d.id, d.connectionId, d.nextAttemptAt FROM Delivery d WHERE d.status = :pending"
            + " AND d.nextAttemptAt <= :now ORDER BY d.nextAttemptAt, d.id")
@NamedQuery(
    name = Delivery.DUE_AFTER,
    query =
        "SELECT d.id, d.connectionId, d.nextAttemptAt FROM Delivery d WHERE d.status = :pending"
            + " AND d.nextAttemptAt <= :now AND (d.nextAttemptAt > :afterAt OR (d.nextAttemptAt"
            + " = :afterAt AND d.id > :afterId)) ORDER BY d.nextAttemptAt, d.id")
@NamedQuery(
    name = Delivery.PENDING_OF_PREVIEW,
    query =
        "SELECT d FROM Delivery d WHERE d.trackedPreviewId = :previewId AND d.status = :pending"
            + " ORDER BY d.id")
@NamedQuery(
    name = Delivery.LIVE_OF_PREVIEW,
    query =
        "SELECT d FROM Delivery d WHERE d.trackedPreviewId = :previewId AND (d.status = :pending"
            + " OR d.inFlightUntil IS NOT NULL) ORDER BY d.id")
@NamedQuery(
    name = Delivery.PREVIEW_OF,
    query = "SELECT d.trackedPreviewId FROM Delivery d WHERE d.id = :id")
@NamedQuery(
    name = Delivery.PENDING_OF_CONNECTION,
    query = "SELECT d FROM Delivery d WHERE d.connectionId = :connectionId AND d.status = :pending")
public class Delivery {

  /** Due pending deliveries, oldest first: id, connection id, next attempt. */
  public static final String DUE = "Delivery.due";

  /** As {@link #DUE}, after a given one in that order (the next page of one run). */
  public static final String DUE_AFTER = "Delivery.dueAfter";

  public static final String PENDING_OF_PREVIEW = "Delivery.pendingOfPreview";
  public static final String PENDING_OF_CONNECTION = "Delivery.pendingOfConnection";

  /** The deliveries of a preview that are pending or on their way to Notion. */
  public static final String LIVE_OF_PREVIEW = "Delivery.liveOfPreview";

  /** The tracked preview of a delivery, without loading the delivery. */
  public static final String PREVIEW_OF = "Delivery.previewOf";

  /** Where a delivery stands. */
  public enum Status {
    PENDING,
    DELIVERED,
    SUPERSEDED,
    FAILED
  }

  @Id private String id;

  @Column(name = "tracked_preview_id", nullable = false)
  private String trackedPreviewId;

  @Column(name = "connection_id", nullable = false)
  private String connectionId;

  @Column(nullable = false)
  private String uri;

  /** The complete PATCH body. */
  @Column(nullable = false)
  private String payload;

  @Column(name = "content_hash", nullable = false)
  private String contentHash;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "last_status")
  private Integer lastStatus;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "delivered_at")
  private Instant deliveredAt;

  @Column(name = "in_flight_until")
  private Instant inFlightUntil;

  @Version private long version;

  protected Delivery() {}

  public Delivery(
      String trackedPreviewId,
      String connectionId,
      String uri,
      String payload,
      String contentHash,
      Instant now) {
    this.id = UUID.randomUUID().toString();
    this.trackedPreviewId = trackedPreviewId;
    this.connectionId = connectionId;
    this.uri = uri;
    this.payload = payload;
    this.contentHash = contentHash;
    this.status = Status.PENDING;
    this.attempts = 0;
    this.nextAttemptAt = now;
    this.createdAt = now;
  }

  public void delivered(int httpStatus, Instant now) {
    this.status = Status.DELIVERED;
    this.attempts++;
    this.lastStatus = httpStatus;
    this.lastError = null;
    this.deliveredAt = now;
  }

  public void attemptFailed(Integer httpStatus, String error, Instant retryAt) {
    this.attempts++;
    this.lastStatus = httpStatus;
    this.lastError = error;
    this.nextAttemptAt = retryAt;
  }

  public void failed(Integer httpStatus, String error) {
    this.status = Status.FAILED;
    this.lastStatus = httpStatus;
    this.lastError = error;
  }

  /**
   * Nobody else may send this delivery before {@code until}: a sender claims it for the duration of
   * one attempt (if the sender dies, the delivery becomes due again), and a rate-limited connection
   * holds its other deliveries back without counting an attempt.
   */
  public void holdUntil(Instant until) {
    this.nextAttemptAt = until;
  }

  /** An attempt goes to Notion now; it is over by {@code leaseEnd} at the latest. */
  public void sending(Instant leaseEnd) {
    this.inFlightUntil = leaseEnd;
  }

  /** The attempt came back (or was never made): nothing of this delivery is on its way. */
  public void attemptOver() {
    this.inFlightUntil = null;
  }

  /** Whether an attempt may still be on its way to Notion at {@code now}. */
  public boolean isInFlight(Instant now) {
    return inFlightUntil != null && inFlightUntil.isAfter(now);
  }

  public boolean isPending() {
    return status == Status.PENDING;
  }

  public void supersede() {
    if (status == Status.PENDING) {
      this.status = Status.SUPERSEDED;
    }
  }

  public String id() {
    return id;
  }

  public String trackedPreviewId() {
    return trackedPreviewId;
  }

  public String connectionId() {
    return connectionId;
  }

  public String uri() {
    return uri;
  }

  public String payload() {
    return payload;
  }

  public String contentHash() {
    return contentHash;
  }

  public Status status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public Integer lastStatus() {
    return lastStatus;
  }

  public String lastError() {
    return lastError;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant deliveredAt() {
    return deliveredAt;
  }

  public Instant inFlightUntil() {
    return inFlightUntil;
  }

  /**
   * An admin retries it: pending again, due at {@code now}, its attempts counted from zero so it
   * gets the whole retry budget. Notion's last answer stays until the next attempt replaces it.
   */
  public void retryNow(Instant now) {
    this.status = Status.PENDING;
    this.attempts = 0;
    this.nextAttemptAt = now;
  }

  /** An admin discards a pending or failed delivery: it is never sent (SUPERSEDED). */
  public void discard() {
    if (status == Status.PENDING || status == Status.FAILED) {
      this.status = Status.SUPERSEDED;
    }
  }
}
