package io.previewbridge.admin.control;

import io.previewbridge.admin.entity.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/**
 * The record of admin actions. {@link #record} joins the caller's transaction, so an action and its
 * entry commit (or roll back) together: the log never claims what did not happen, and nothing
 * happens unlogged. Details are short notes for people; secrets never go in.
 */
@ApplicationScoped
public class AuditLog {

  /** Longest detail kept; the column holds 4000. */
  static final int MAX_DETAIL = 4000;

  @PersistenceContext EntityManager em;
  @Inject Clock clock;

  @Transactional(Transactional.TxType.REQUIRED)
  public AuditEntry record(String actor, String action, String target, String detail) {
    AuditEntry entry =
        new AuditEntry(clock.instant(), actor, action, target, truncate(detail, MAX_DETAIL));
    em.persist(entry);
    return entry;
  }

  /** The newest {@code limit} entries, newest first. */
  @Transactional
  public List<AuditEntry> recent(int limit) {
    return em.createNamedQuery(AuditEntry.RECENT, AuditEntry.class)
        .setMaxResults(limit)
        .getResultList();
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
