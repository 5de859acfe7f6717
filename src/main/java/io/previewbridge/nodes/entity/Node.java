package io.previewbridge.nodes.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One running PreviewBridge server on the shared database, from its start until it stops beating.
 *
 * <p>Invariants: {@code id} is new at every start, so a restarted server is a new node and its old
 * row simply ages out; {@code seenAt} only moves forward.
 */
@Entity
@Table(name = "node")
@NamedQuery(
    name = Node.SEEN_SINCE,
    query = "SELECT n FROM Node n WHERE n.seenAt >= :since ORDER BY n.startedAt, n.id")
@NamedQuery(name = Node.FORGET_UNSEEN_SINCE, query = "DELETE FROM Node n WHERE n.seenAt < :before")
public class Node {

  public static final String SEEN_SINCE = "Node.seenSince";
  public static final String FORGET_UNSEEN_SINCE = "Node.forgetUnseenSince";

  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "seen_at", nullable = false)
  private Instant seenAt;

  protected Node() {}

  public Node(String id, String name, Instant startedAt) {
    this.id = id;
    this.name = name;
    this.startedAt = startedAt;
    this.seenAt = startedAt;
  }

  public void seen(Instant now) {
    if (now.isAfter(seenAt)) {
      this.seenAt = now;
    }
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant seenAt() {
    return seenAt;
  }
}
