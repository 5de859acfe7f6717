package io.previewbridge.admin.control;

import io.previewbridge.identity.entity.Account;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.control.NotFound;
import io.previewbridge.tracking.control.ChangeDetectionTimer;
import io.previewbridge.tracking.control.PreviewTracker;
import io.previewbridge.tracking.entity.TrackedPreview;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's view of tracked previews: search, one preview, "refresh now" and "stop tracking".
 *
 * <p>Refresh now makes this one preview due at once (not every preview of its uri, as a change
 * webhook does) and, once that is committed, asks change detection for a run in the background: the
 * check itself is change detection's, so a change found is written with its delivery as always.
 * Stop tracking has the effect of Notion's DELETE for that connection and uri ({@link
 * PreviewTracker#stop}): the preview is no longer checked, its pending deliveries are dropped, and
 * a new unfurl of the link resumes it.
 */
@ApplicationScoped
public class AdminPreviews {

  public static final int MAX_LIMIT = 200;
  static final int MAX_QUERY = 2048;

  /** Search criteria; nulls are "any". */
  public record Search(
      String q, String source, TrackedPreview.Status status, int limit, int offset) {}

  /** A preview with who it is tracked for. */
  public record View(TrackedPreview preview, Connection connection, Account account) {}

  /** One page of results and how many match in all. */
  public record Page(List<View> items, long total) {}

  /** Fired when a refresh is committed; the check starts after the commit, not before. */
  record RefreshRequested(String previewId) {}

  @PersistenceContext EntityManager em;
  @Inject PreviewTracker tracker;
  @Inject ChangeDetectionTimer changeDetection;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject Event<RefreshRequested> refreshRequested;

  /** Parses the status parameter: {@code active}, {@code stopped}, or empty for any. */
  public static TrackedPreview.Status status(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return TrackedPreview.Status.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInput(
          "The search cannot be run.",
          List.of(new InvalidInput.Violation("status", "must be active or stopped")));
    }
  }

  @Transactional
  public Page search(Search search) {
    if (search.limit() < 1 || search.limit() > MAX_LIMIT || search.offset() < 0) {
      List<InvalidInput.Violation> problems = new ArrayList<>();
      if (search.limit() < 1 || search.limit() > MAX_LIMIT) {
        problems.add(new InvalidInput.Violation("limit", "must be 1 to " + MAX_LIMIT));
      }
      if (search.offset() < 0) {
        problems.add(new InvalidInput.Violation("offset", "must be 0 or more"));
      }
      throw new InvalidInput("The search cannot be run.", problems);
    }
    if (search.q() != null && search.q().length() > MAX_QUERY) {
      throw new InvalidInput(
          "The search cannot be run.",
          List.of(new InvalidInput.Violation("q", "must be at most " + MAX_QUERY + " characters")));
    }
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Map<String, Object> parameters = new java.util.HashMap<>();
    String q = search.q() == null ? "" : search.q().trim();
    if (!q.isEmpty()) {
      where.append(" AND (LOWER(p.uri) LIKE :q ESCAPE '\\' OR LOWER(p.sourceId) = :qExact)");
      parameters.put("q", "%" + likeEscaped(q.toLowerCase(Locale.ROOT)) + "%");
      parameters.put("qExact", q.toLowerCase(Locale.ROOT));
    }
    if (search.source() != null && !search.source().isBlank()) {
      where.append(" AND p.sourceId = :source");
      parameters.put("source", search.source().trim());
    }
    if (search.status() != null) {
      where.append(" AND p.status = :status");
      parameters.put("status", search.status());
    }
    TypedQuery<TrackedPreview> select =
        em.createQuery(
            "SELECT p FROM TrackedPreview p" + where + " ORDER BY p.createdAt DESC, p.id",
            TrackedPreview.class);
    TypedQuery<Long> count =
        em.createQuery("SELECT COUNT(p) FROM TrackedPreview p" + where, Long.class);
    parameters.forEach(
        (name, value) -> {
          select.setParameter(name, value);
          count.setParameter(name, value);
        });
    List<View> items =
        select
            .setFirstResult(search.offset())
            .setMaxResults(search.limit())
            .getResultList()
            .stream()
            .map(this::view)
            .toList();
    return new Page(items, count.getSingleResult());
  }

  @Transactional
  public View get(String id) {
    return view(find(id));
  }

  /** Makes the preview due now and, after the commit, starts a change-detection run. */
  @Transactional
  public View refresh(String actor, String id) {
    // locked: the same refresh pressed twice at once (two admins, a double click) is done twice,
    // not failed once on the row's version
    TrackedPreview preview = find(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (!preview.isActive()) {
      throw new AdminConflict(
          "This preview is not tracked any more (stopped); a new unfurl in Notion resumes it");
    }
    View view = view(preview);
    if (view.connection() == null || !view.connection().isActive()) {
      throw new AdminConflict(
          "The preview's connection is "
              + (view.connection() == null
                  ? "gone"
                  : view.connection().status().name().toLowerCase(Locale.ROOT).replace('_', ' '))
              + ": nothing can be checked or delivered until the person connects again");
    }
    preview.dueAt(clock.instant());
    audit.record(actor, "preview.refresh", preview.id(), preview.uri());
    refreshRequested.fire(new RefreshRequested(preview.id()));
    return view;
  }

  void startCheck(@Observes(during = TransactionPhase.AFTER_SUCCESS) RefreshRequested requested) {
    changeDetection.checkNow(1);
  }

  /** Stops tracking, as Notion's DELETE of the preview would. */
  @Transactional
  public View stop(String actor, String id) {
    TrackedPreview preview = find(id);
    if (!preview.isActive()) {
      throw new AdminConflict("This preview is not tracked any more (stopped already)");
    }
    tracker.stop(preview.connectionId(), preview.uri());
    audit.record(actor, "preview.stop", preview.id(), preview.uri());
    return view(preview);
  }

  private TrackedPreview find(String id) {
    return find(id, jakarta.persistence.LockModeType.NONE);
  }

  private TrackedPreview find(String id, jakarta.persistence.LockModeType lock) {
    TrackedPreview preview = id == null ? null : em.find(TrackedPreview.class, id, lock);
    if (preview == null) {
      throw new NotFound("No tracked preview has the id " + id);
    }
    return preview;
  }

  private View view(TrackedPreview preview) {
    Connection connection = em.find(Connection.class, preview.connectionId());
    Account account = connection == null ? null : em.find(Account.class, connection.accountId());
    return new View(preview, connection, account);
  }

  static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** The account's username, if known. */
  public static Optional<String> username(View view) {
    return Optional.ofNullable(view.account()).map(Account::username);
  }
}
