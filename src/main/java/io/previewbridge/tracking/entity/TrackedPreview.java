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
 * is its SHA-256, the value change detection compares. While a check holds the preview, {@code
 * claimId} is that check's, {@code checkedBy} its node and {@code nextCheckAt} the end of its
 * lease; a check records its result only while it still holds the claim. Otherwise {@code
 * checkedBy} names the node of the last check.
 */
@Entity
@Table(name = "tracked_preview")
@NamedQuery(
    name = TrackedPreview.COUNT_ACTIVE_OF_CONNECTION,
    query =
        "SELECT COUNT(p) FROM TrackedPreview p WHERE p.connectionId = :connectionId AND p.status"
            + " = :status")
@NamedQuery(
    name = TrackedPreview.ACTIVE_OF_ACCOUNT,
    query =
        "SELECT p FROM TrackedPreview p WHERE p.status = :status AND p.connectionId IN (SELECT"
            + " c.id FROM Connection c WHERE c.accountId = :accountId)")
@NamedQuery(
    name = TrackedPreview.BY_CONNECTION_AND_URI,
    query = "SELECT p FROM TrackedPreview p WHERE p.connectionId = :connectionId AND p.uri = :uri")
@NamedQuery(
    name = TrackedPreview.DUE_VERSIONS,
    query =
        "SELECT p.id, p.version FROM TrackedPreview p WHERE p.status = :status AND p.nextCheckAt"
            + " <= :now ORDER BY p.nextCheckAt")
@NamedQuery(
    name = TrackedPreview.CLAIM_IF_UNCHANGED,
    query =
        "UPDATE TrackedPreview p SET p.nextCheckAt = :until, p.claimId = :claim, p.checkedBy ="
            + " :node, p.version = p.version + 1 WHERE p.id = :id AND p.version = :version AND"
            + " p.status = :status")
@NamedQuery(
    name = TrackedPreview.CLAIM_LOCKED,
    query =
        "UPDATE TrackedPreview p SET p.nextCheckAt = :until, p.claimId = :claim, p.checkedBy ="
            + " :node, p.version = p.version + 1 WHERE p.id IN :ids")
@NamedQuery(
    name = TrackedPreview.CLAIMED,
    query =
        "SELECT p.id, p.connectionId, c.accountId, p.uri, p.sourceId, c.status, p.contentHash,"
            + " p.createdAt, p.lastUnfurledAt, p.lastChangedAt FROM TrackedPreview p, Connection c"
            + " WHERE c.id = p.connectionId AND p.id IN :ids AND p.claimId = :claim")
@NamedQuery(
    name = TrackedPreview.CHECKED_UNCHANGED,
    query =
        "UPDATE TrackedPreview p SET p.lastCheckedAt = :now, p.checkedBy = :node, p.claimId ="
            + " NULL, p.lastError = NULL, p.nextCheckAt = :next, p.version = p.version + 1"
            + " WHERE p.id = :id AND p.claimId = :claim AND p.contentHash = :hash AND p.status ="
            + " :status AND p.nextCheckAt > :now")
@NamedQuery(
    name = TrackedPreview.ACTIVE_BY_URI,
    query =
        "SELECT p FROM TrackedPreview p WHERE p.uri = :uri AND p.status = :status ORDER BY p.id")
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
  public static final String ACTIVE_OF_ACCOUNT = "TrackedPreview.activeOfAccount";
  public static final String COUNT_ACTIVE_OF_CONNECTION = "TrackedPreview.countActiveOfConnection";
  public static final String DUE_VERSIONS = "TrackedPreview.dueVersions";
  public static final String CLAIM_IF_UNCHANGED = "TrackedPreview.claimIfUnchanged";
  public static final String CLAIM_LOCKED = "TrackedPreview.claimLocked";
  public static final String CLAIMED = "TrackedPreview.claimed";

  /**
   * A check found what Notion already has: records the check in one statement, without loading the
   * row, if the claim still holds and nothing else changed the content meanwhile.
   */
  public static final String CHECKED_UNCHANGED = "TrackedPreview.checkedUnchanged";

  /**
   * The PostgreSQL form of {@link #DUE_VERSIONS}: locks the rows it returns and skips those another
   * node has locked, so concurrent claims never wait for each other or take the same row.
   * Parameters: status, now, limit.
   */
  public static final String DUE_SKIP_LOCKED_SQL =
      "SELECT id FROM tracked_preview WHERE status = ? AND next_check_at <= ?"
          + " ORDER BY next_check_at LIMIT ? FOR UPDATE SKIP LOCKED";

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

  @Column(name = "claim_id")
  private String claimId;

  @Column(name = "checked_by")
  private String checkedBy;

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
  public void unfurled(String sourceId, String attributesJson, String hash, Instant now) {
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
  }

  /** A re-check by node {@code node} found {@code hash}; returns whether that is a change. */
  public boolean checked(String attributesJson, String hash, String node, Instant now) {
    boolean changed = !hash.equals(contentHash);
    if (changed) {
      this.attributes = attributesJson;
      this.contentHash = hash;
      this.lastChangedAt = now;
    }
    this.lastError = null;
    checkEnded(node, now);
    return changed;
  }

  public void checkFailed(String error, String node, Instant now) {
    this.lastError = error;
    checkEnded(node, now);
  }

  private void checkEnded(String node, Instant now) {
    this.lastCheckedAt = now;
    this.checkedBy = node;
    this.claimId = null;
  }

  /** The next check is due at {@code at}. */
  public void scheduleCheck(Instant at) {
    this.nextCheckAt = at;
  }

  /** When it was last unfurled or last changed: how hot it is. */
  public Instant lastActivityAt() {
    return lastActivity(createdAt, lastUnfurledAt, lastChangedAt);
  }

  /** The latest of the three; the last two may be null (never unfurled again, never changed). */
  public static Instant lastActivity(
      Instant createdAt, Instant lastUnfurledAt, Instant lastChangedAt) {
    Instant last = createdAt;
    if (lastUnfurledAt != null && lastUnfurledAt.isAfter(last)) {
      last = lastUnfurledAt;
    }
    if (lastChangedAt != null && lastChangedAt.isAfter(last)) {
      last = lastChangedAt;
    }
    return last;
  }

  /** Whether the check that claimed it as {@code claim} still holds it. */
  public boolean claimedBy(String claim) {
    return claim.equals(claimId);
  }

  /**
   * Whether something made the preview due while a check held it ({@link #dueAt} during the claim):
   * a claim sets {@code nextCheckAt} to the end of its lease, so a claimed preview due by {@code
   * now} was told to recheck after the check began, and the check may have fetched the state from
   * before that change. (A check that overran its lease counts too; it is only checked once more.)
   */
  public boolean madeDueDuringCheck(Instant now) {
    return claimId != null && !nextCheckAt.isAfter(now);
  }

  /**
   * Something told us the content changed: check at {@code now} rather than at the next refresh. A
   * check running now keeps its claim, but it leaves the preview due ({@link #madeDueDuringCheck}),
   * so another check follows it at once.
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

  /** Moves with every write, bulk ones included: the portable claim compares it. */
  public long version() {
    return version;
  }

  public String claimId() {
    return claimId;
  }

  public String checkedBy() {
    return checkedBy;
  }
}
