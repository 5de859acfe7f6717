package io.previewbridge.admin.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One admin action: who did what to which thing, and when. Written once, in the transaction of the
 * action it records, and never changed: the log is evidence, so it has no setters.
 */
@Entity
@Table(name = "audit_entry")
@NamedQuery(
    name = AuditEntry.RECENT,
    query = "SELECT a FROM AuditEntry a ORDER BY a.occurredAt DESC, a.id DESC")
public class AuditEntry {

  public static final String RECENT = "AuditEntry.recent";

  @Id private String id;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(nullable = false)
  private String actor;

  @Column(nullable = false)
  private String action;

  private String target;

  private String detail;

  protected AuditEntry() {}

  public AuditEntry(Instant occurredAt, String actor, String action, String target, String detail) {
    this.id = UUID.randomUUID().toString();
    this.occurredAt = occurredAt;
    this.actor = actor;
    this.action = action;
    this.target = target;
    this.detail = detail;
  }

  public String id() {
    return id;
  }

  public Instant occurredAt() {
    return occurredAt;
  }

  /** The username of the admin who acted. */
  public String actor() {
    return actor;
  }

  /** What was done, as {@code thing.verb}: {@code connection.revoke}, {@code account.create}. */
  public String action() {
    return action;
  }

  /** What it was done to (an id, a uri, a username), if anything. */
  public String target() {
    return target;
  }

  /** A short human-readable note (never a secret). */
  public String detail() {
    return detail;
  }
}
