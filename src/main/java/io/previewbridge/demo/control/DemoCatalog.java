package io.previewbridge.demo.control;

import io.previewbridge.demo.entity.DemoItem;
import io.previewbridge.demo.entity.DemoItem.Chart;
import io.previewbridge.demo.entity.DemoItem.ChatMessage;
import io.previewbridge.demo.entity.DemoItem.DesignFile;
import io.previewbridge.demo.entity.DemoItem.Task;
import io.previewbridge.demo.entity.DemoItem.WorkflowRun;
import io.previewbridge.platform.control.NotFound;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo product's items, kept in memory and seeded when the application starts: a restart brings
 * the demo back to a known state, while PreviewBridge's own data (accounts, connections, tracked
 * previews) lives in the database. Two items per kind.
 */
@ApplicationScoped
public class DemoCatalog {

  @Inject Clock clock;
  @Inject ItemEditor editor;
  @Inject Event<DemoItemChanged> changed;

  /** Kind by kind, then by number: the order of the list page and the API. */
  static final Comparator<DemoItem> ORDER =
      Comparator.comparing(DemoItem::kind).thenComparingInt(DemoItem::number);

  private final Map<String, DemoItem> items = new ConcurrentHashMap<>();

  @PostConstruct
  void seed() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    List.<DemoItem>of(
            new Task(
                "task-12",
                "Login fails on Safari",
                "In progress",
                today.plusDays(3),
                "Ana Lima",
                "Users on Safari 17 get a blank page after signing in. Reproduced on macOS 14;"
                    + " the session cookie is dropped on the redirect.",
                now.minus(Duration.ofHours(3))),
            new Task(
                "task-13",
                "Write the onboarding email",
                "To do",
                today.plusDays(10),
                "Ben Okafor",
                "Three short paragraphs: what the product does, the first thing to try, where to"
                    + " ask for help.",
                now.minus(Duration.ofDays(1))),
            new DesignFile(
                "design-1",
                "Checkout redesign",
                "Chen Wei",
                "#7c3aed",
                now.minus(Duration.ofHours(5))),
            new DesignFile(
                "design-2",
                "Mobile navigation icons",
                "Dara Silva",
                "#0e7490",
                now.minus(Duration.ofDays(2))),
            new Chart(
                "chart-1",
                "Weekly active users",
                "Distinct users with at least one session, per week, last 12 weeks.",
                List.of(1180, 1240, 1215, 1302, 1350, 1338, 1420, 1495, 1470, 1553, 1610, 1688),
                now.minus(Duration.ofHours(1))),
            new Chart(
                "chart-2",
                "Signup conversion (%)",
                "Visitors of the pricing page who created an account, per day, last 10 days.",
                List.of(31, 29, 34, 36, 33, 38, 41, 39, 42, 44),
                now.minus(Duration.ofHours(20))),
            new ChatMessage(
                "message-1",
                "Release 2.4 is out: Safari sign-in fix, faster search, new onboarding email."
                    + " Thanks everyone!",
                "Ana Lima",
                "releases",
                now.minus(Duration.ofMinutes(40)),
                now.minus(Duration.ofMinutes(40))),
            new ChatMessage(
                "message-2",
                "Can someone review the new checkout flow before Friday? Link in the design file.",
                "Ben Okafor",
                "design",
                now.minus(Duration.ofHours(6)),
                now.minus(Duration.ofHours(6))),
            new WorkflowRun(
                "run-128",
                "Fix login on Safari",
                "CI",
                "completed",
                "success",
                "fix/safari-login",
                Duration.ofSeconds(192),
                now.minus(Duration.ofHours(2))),
            new WorkflowRun(
                "run-129",
                "Add onboarding email",
                "CI",
                "in_progress",
                null,
                "feature/onboarding-email",
                Duration.ofSeconds(65),
                now.minus(Duration.ofMinutes(5))))
        .forEach(item -> items.put(item.id(), item));
  }

  public List<DemoItem> all() {
    return items.values().stream().sorted(ORDER).toList();
  }

  public DemoItem find(String id) {
    DemoItem item = id == null ? null : items.get(id);
    if (item == null) {
      throw new NotFound("There is no demo item " + id + ".");
    }
    return item;
  }

  /**
   * Applies an edit to an item and stamps it with the time of the edit.
   *
   * @param fields the edited fields, as JSON values or form strings (see {@link ItemEditor})
   * @param merge {@code true}: absent fields keep their value; {@code false}: the edit replaces
   *     every editable field, so absent required fields are an error
   * @throws io.previewbridge.platform.control.InvalidInput listing every rejected field
   */
  public DemoItem edit(String id, Map<String, ?> fields, boolean merge) {
    DemoItem updated =
        items.compute(
            find(id).id(),
            (key, current) ->
                editor.apply(
                    current, fields, merge, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    changed.fire(new DemoItemChanged(updated.id()));
    return updated;
  }
}
