package io.previewbridge.notion.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Notion workspace, identified by the {@code workspace_id} Notion's token endpoint returned. */
@Entity
@Table(name = "workspace")
public class Workspace {

  @Id private String id;

  private String name;

  private String icon;

  @Column(name = "first_seen_at", nullable = false)
  private Instant firstSeenAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Workspace() {}

  public Workspace(String id, String name, String icon, Instant now) {
    this.id = id;
    this.name = name;
    this.icon = icon;
    this.firstSeenAt = now;
    this.updatedAt = now;
  }

  public void describe(String name, String icon, Instant now) {
    this.name = name;
    this.icon = icon;
    this.updatedAt = now;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String icon() {
    return icon;
  }

  public Instant firstSeenAt() {
    return firstSeenAt;
  }
}
