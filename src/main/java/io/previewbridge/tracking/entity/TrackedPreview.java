package io.previewbridge.tracking.entity;

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
 * A uri that a connection unfurled and that we keep up to date in Notion.
 *
 * <p>Invariants: one row per (connection, uri); {@code attributes} holds the last attribute set
 * Notion has been given (or will be given by a pending delivery), as JSON, and {@code contentHash}
 * is its SHA-256, the value change detection compares.
 */
@Entity
@Table(name = "tracked_preview")
@NamedQuery(
    name = TrackedPreview.BY_CONNECTION_AND_URI,
    query = "SELECT p FROM TrackedPreview p WHERE p.connectionId = :connectionId AND p.uri = :uri")
@NamedQuery(
    name = TrackedPreview.DUE,
    query =
        "SELECT p FROM TrackedPreview p WHERE p.status = :status AND p.nextCheckAt <= :now"
            + " ORDER BY p.nextCheckAt")
@NamedQuery(
    name = TrackedPreview.ACTIVE_BY_URI,
    query = "SELECT p FROM TrackedPreview p WHERE p.uri = :uri AND p.status = :status")
@NamedQuery(
    name = TrackedPreview.ACTIVE_URIS_OF_SOURCE,
    query =
        "SELECT DISTINCT p.uri FROM TrackedPreview p WHERE p.sourceId = :sourceId AND p.status ="
            + " :status")
@NamedQuery(
    name = TrackedPreview.STOP_ALL_OF_CONNECTION,
    query = "UPDATE TrackedPreview p SET p.status = :stopped WHERE p.connectionId = :connectionId")
public class TrackedPreview {

  public static final String BY_CONNECTION_AND_URI = "TrackedPreview.byConnectionAndUri";
  public static final String DUE = "TrackedPreview.due";
  public static final String STOP_ALL_OF_CONNECTION = "TrackedPreview.stopAllOfConnection";
  public static final String ACTIVE_BY_URI = "TrackedPreview.activeByUri";
  public static final String ACTIVE_URIS_OF_SOURCE = "TrackedPreview.activeUrisOfSource";

  /** Whether the preview is watched. */
  public enum Status {
    ACTIVE,
    /** Notion deleted the preview, or the connection went away; a new unfurl reactivates it. */
    STOPPED
  }

  @Id private String id;

  @Column(name = "connection_id", nullable = false)
  private String connectionId;

  @Column(nullable = false)
  private String uri;

  @Column(name = "source_id", nullable = false)
  private String sourceId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  private String attributes;

  @Column(name = "content_hash")
  private String contentHash;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "last_unfurled_at")
  private Instant lastUnfurledAt;

  @Column(name = "last_checked_at")
  private Instant lastCheckedAt;

  @Column(name = "last_changed_at")
  private Instant lastChangedAt;

  @Column(name = "next_check_at", nullable = false)
  private Instant nextCheckAt;

  @Version private long version;

  protected TrackedPreview() {}

  public TrackedPreview(String connectionId, String uri, String sourceId, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.connectionId = connectionId;
    this.uri = uri;
    this.sourceId = sourceId;
    this.status = Status.ACTIVE;
    this.createdAt = now;
    this.nextCheckAt = now;
  }

  /** Notion just unfurled it and was answered with {@code attributesJson}. */
  public void unfurled(
      String sourceId, String attributesJson, String hash, Instant now, Instant nextCheck) {
    this.sourceId = sourceId;
    this.status = Status.ACTIVE;
    if (!hash.equals(contentHash)) {
      this.lastChangedAt = now;
    }
    this.attributes = attributesJson;
    this.contentHash = hash;
    this.lastError = null;
    this.lastUnfurledAt = now;
    this.lastCheckedAt = now;
    this.nextCheckAt = nextCheck;
  }

  /** A re-check found {@code hash}; returns whether that is a change. */
  public boolean checked(String attributesJson, String hash, Instant now, Instant nextCheck) {
    boolean changed = !hash.equals(contentHash);
    if (changed) {
      this.attributes = attributesJson;
      this.contentHash = hash;
      this.lastChangedAt = now;
    }
    this.lastError = null;
    this.lastCheckedAt = now;
    this.nextCheckAt = nextCheck;
    return changed;
  }

  public void checkFailed(String error, Instant now, Instant nextCheck) {
    this.lastError = error;
    this.lastCheckedAt = now;
    this.nextCheckAt = nextCheck;
  }

  /**
   * A checker claims the preview until {@code until}; if it dies, the preview is due again then.
   */
  public void holdUntil(Instant until) {
    this.nextCheckAt = until;
  }

  /**
   * Something told us the content changed: check at {@code now} rather than at the next refresh.
   */
  public void dueAt(Instant now) {
    if (nextCheckAt.isAfter(now)) {
      this.nextCheckAt = now;
    }
  }

  public void stop() {
    this.status = Status.STOPPED;
  }

  public boolean isActive() {
    return status == Status.ACTIVE;
  }

  public String id() {
    return id;
  }

  public String connectionId() {
    return connectionId;
  }

  public String uri() {
    return uri;
  }

  public String sourceId() {
    return sourceId;
  }

  public Status status() {
    return status;
  }

  public String attributes() {
    return attributes;
  }

  public String contentHash() {
    return contentHash;
  }

  public String lastError() {
    return lastError;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant lastUnfurledAt() {
    return lastUnfurledAt;
  }

  public Instant lastCheckedAt() {
    return lastCheckedAt;
  }

  public Instant lastChangedAt() {
    return lastChangedAt;
  }

  public Instant nextCheckAt() {
    return nextCheckAt;
  }
}
