package io.previewbridge.demo.control;

import io.previewbridge.demo.entity.DemoItem;
import io.previewbridge.demo.entity.DemoItem.Chart;
import io.previewbridge.demo.entity.DemoItem.ChatMessage;
import io.previewbridge.demo.entity.DemoItem.DesignFile;
import io.previewbridge.demo.entity.DemoItem.Task;
import io.previewbridge.demo.entity.DemoItem.WorkflowRun;
import io.previewbridge.demo.entity.Kind;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.control.InvalidInput.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an edit into a new item, or rejects it naming every bad field. The same rules serve the
 * JSON API and the HTML form, so values may arrive as JSON values (strings, numbers, arrays,
 * objects) or as form strings: numbers are accepted as numerals, a chart's points as an array or a
 * comma-separated list, a person as a name or as {@code {"name": ...}}.
 *
 * <p>Fields the API shows but nobody edits ({@code url}, {@code updated}, derived fields) are
 * ignored when sent back, so a client can PUT what it got from GET; unknown fields are rejected, so
 * a typo never passes silently.
 */
@ApplicationScoped
public class ItemEditor {

  static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
  static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
  static final Pattern HEX_COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

  static final Map<Kind, Set<String>> EDITABLE =
      Map.of(
          Kind.TASK, Set.of("title", "status", "due", "assignee", "description"),
          Kind.DESIGN, Set.of("title", "lastEditor", "accent"),
          Kind.CHART, Set.of("title", "description", "points"),
          Kind.MESSAGE, Set.of("text", "author", "channel"),
          Kind.RUN, Set.of("title", "status", "conclusion", "branch", "durationSeconds"));

  static final Map<Kind, Set<String>> READ_ONLY =
      Map.of(
          Kind.TASK, Set.of("identifier"),
          Kind.DESIGN, Set.of("previewUrl"),
          Kind.CHART, Set.of("chartUrl"),
          Kind.MESSAGE, Set.of("title", "posted", "channelName"),
          Kind.RUN, Set.of("identifier", "number", "workflow", "state", "duration"));

  static final Set<String> COMMON = Set.of("id", "kind", "url", "updated");

  /** The fields a client may change on an item of {@code kind}. */
  public static Set<String> editableFields(Kind kind) {
    return EDITABLE.get(kind);
  }

  public DemoItem apply(DemoItem current, Map<String, ?> fields, boolean merge, Instant now) {
    Edit edit = new Edit(current, fields, merge);
    edit.checkFieldNames();
    DemoItem next;
    if (current instanceof Task t) {
      next =
          new Task(
              t.id(),
              edit.text("title", t.title(), 1, 200),
              edit.oneOf("status", t.status(), Task.STATUSES),
              edit.date("due", t.due()),
              edit.person("assignee", t.assignee()),
              edit.optionalText("description", t.description(), 2000),
              now);
    } else if (current instanceof DesignFile d) {
      next =
          new DesignFile(
              d.id(),
              edit.text("title", d.title(), 1, 200),
              edit.person("lastEditor", d.lastEditor()),
              edit.color("accent", d.accent()),
              now);
    } else if (current instanceof Chart c) {
      next =
          new Chart(
              c.id(),
              edit.text("title", c.title(), 1, 200),
              edit.optionalText("description", c.description(), 400),
              edit.points("points", c.points()),
              now);
    } else if (current instanceof ChatMessage m) {
      next =
          new ChatMessage(
              m.id(),
              edit.text("text", m.text(), 1, 2000),
              edit.person("author", m.author()),
              edit.matching(
                  "channel",
                  m.channel(),
                  CHANNEL,
                  "must be a channel name like design (lower-case letters, digits, - and _, at"
                      + " most 40)"),
              m.posted(),
              now);
    } else {
      next = run(edit, (WorkflowRun) current, now);
    }
    edit.throwIfInvalid();
    return next;
  }

  private static WorkflowRun run(Edit edit, WorkflowRun r, Instant now) {
    String status = edit.oneOf("status", r.status(), WorkflowRun.STATUSES);
    String conclusion = edit.optionalText("conclusion", r.conclusion(), 20);
    if ("completed".equals(status)) {
      if (conclusion == null || conclusion.isEmpty()) {
        edit.reject(
            "conclusion",
            "is required when status is completed: one of "
                + String.join(", ", WorkflowRun.CONCLUSIONS));
      } else if (!WorkflowRun.CONCLUSIONS.contains(conclusion)) {
        edit.reject("conclusion", "must be one of " + String.join(", ", WorkflowRun.CONCLUSIONS));
      }
    } else if (status != null && conclusion != null && !conclusion.isEmpty()) {
      if (edit.has("conclusion")) {
        edit.reject("conclusion", "must be empty while the run is " + status);
      }
      conclusion = null;
    }
    long seconds = edit.integer("durationSeconds", r.duration().toSeconds(), 0, 86_400);
    return new WorkflowRun(
        r.id(),
        edit.text("title", r.title(), 1, 200),
        r.workflow(),
        status,
        conclusion == null || conclusion.isEmpty() ? null : conclusion,
        edit.matching("branch", r.branch(), BRANCH, "must be a branch name like feature/login"),
        Duration.ofSeconds(seconds),
        now);
  }

  /** One edit being read: collects every violation instead of stopping at the first. */
  static final class Edit {
    private final DemoItem current;
    private final Map<String, ?> fields;
    private final boolean merge;
    private final List<Violation> violations = new ArrayList<>();

    Edit(DemoItem current, Map<String, ?> fields, boolean merge) {
      this.current = current;
      this.fields = fields;
      this.merge = merge;
    }

    boolean has(String field) {
      return fields.containsKey(field);
    }

    void reject(String field, String message) {
      violations.add(new Violation(field, message));
    }

    void checkFieldNames() {
      Kind kind = current.kind();
      for (String field : fields.keySet()) {
        if (EDITABLE.get(kind).contains(field)
            || READ_ONLY.get(kind).contains(field)
            || COMMON.contains(field)) {
          continue;
        }
        reject(
            field,
            "is not a field of a "
                + kind.label().toLowerCase()
                + "; editable fields: "
                + String.join(", ", EDITABLE.get(kind).stream().sorted().toList()));
      }
      Object id = fields.get("id");
      if (id != null && !current.id().equals(id)) {
        reject("id", "does not match the item being edited (" + current.id() + ")");
      }
      Object kindValue = fields.get("kind");
      if (kindValue != null && !kind.slug().equals(kindValue)) {
        reject("kind", "cannot be changed: this item is a " + kind.slug());
      }
    }

    void throwIfInvalid() {
      if (!violations.isEmpty()) {
        throw new InvalidInput("The item has invalid fields.", violations);
      }
    }

    /** The raw value, or {@code null} when absent; {@code missing} tells absent from null. */
    private Object raw(String field) {
      return fields.get(field);
    }

    private boolean missing(String field) {
      return !fields.containsKey(field);
    }

    String text(String field, String currentValue, int min, int max) {
      if (missing(field)) {
        if (merge) {
          return currentValue;
        }
        reject(field, "is required");
        return currentValue;
      }
      Object value = raw(field);
      if (!(value instanceof String s)) {
        reject(field, value == null ? "is required" : "must be text");
        return currentValue;
      }
      String trimmed = s.strip();
      if (trimmed.length() < min) {
        reject(field, "must not be empty");
      } else if (trimmed.length() > max) {
        reject(field, "must be at most " + max + " characters");
      }
      return trimmed;
    }

    String optionalText(String field, String currentValue, int max) {
      if (missing(field)) {
        return merge ? currentValue : "";
      }
      Object value = raw(field);
      if (value == null) {
        return "";
      }
      if (!(value instanceof String s)) {
        reject(field, "must be text");
        return currentValue;
      }
      String trimmed = s.strip();
      if (trimmed.length() > max) {
        reject(field, "must be at most " + max + " characters");
      }
      return trimmed;
    }

    String oneOf(String field, String currentValue, List<String> allowed) {
      String value = text(field, currentValue, 1, 100);
      if (has(field) && value != null && raw(field) instanceof String && !allowed.contains(value)) {
        reject(field, "must be one of " + String.join(", ", allowed));
      }
      return value;
    }

    String matching(String field, String currentValue, Pattern pattern, String message) {
      String value = text(field, currentValue, 1, 200);
      if (has(field)
          && raw(field) instanceof String
          && !value.isEmpty()
          && !pattern.matcher(value).matches()) {
        reject(field, message);
      }
      return value;
    }

    String color(String field, String currentValue) {
      return matching(field, currentValue, HEX_COLOR, "must be a colour like #7c3aed");
    }

    LocalDate date(String field, LocalDate currentValue) {
      if (missing(field) && merge) {
        return currentValue;
      }
      String text = text(field, null, 1, 10);
      if (text == null || text.isEmpty()) {
        return currentValue;
      }
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        reject(field, "must be a date like 2026-12-01");
        return currentValue;
      }
    }

    /** A person is named; {@code {"name": ...}} (as GET shows it) is accepted too. */
    String person(String field, String currentValue) {
      Object value = raw(field);
      if (value instanceof Map<?, ?> object) {
        Object name = object.get("name");
        if (!(name instanceof String s) || s.isBlank()) {
          reject(field, "must be a name, or an object with a name");
          return currentValue;
        }
        return checkedName(field, s.strip(), currentValue);
      }
      String name = text(field, currentValue, 1, 60);
      return value instanceof String ? checkedName(field, name, currentValue) : name;
    }

    private String checkedName(String field, String name, String currentValue) {
      if (name.length() > 60) {
        reject(field, "must be at most 60 characters");
        return currentValue;
      }
      if (Avatars.initials(name).equals("?")) {
        reject(field, "must contain a letter or digit");
      }
      return name;
    }

    long integer(String field, long currentValue, long min, long max) {
      if (missing(field)) {
        if (!merge) {
          reject(field, "is required");
        }
        return currentValue;
      }
      Long value = asLong(raw(field));
      if (value == null) {
        reject(field, "must be a whole number");
        return currentValue;
      }
      if (value < min || value > max) {
        reject(field, "must be between " + min + " and " + max);
        return currentValue;
      }
      return value;
    }

    List<Integer> points(String field, List<Integer> currentValue) {
      if (missing(field)) {
        if (!merge) {
          reject(field, "is required");
        }
        return currentValue;
      }
      Object value = raw(field);
      List<?> elements;
      if (value instanceof List<?> list) {
        elements = list;
      } else if (value instanceof String s) {
        elements = s.isBlank() ? List.of() : List.of((Object[]) s.split("\\s*[,;\\s]\\s*"));
      } else {
        reject(field, "must be a list of numbers");
        return currentValue;
      }
      if (elements.size() < 2 || elements.size() > 24) {
        reject(field, "must have between 2 and 24 numbers");
        return currentValue;
      }
      List<Integer> points = new ArrayList<>();
      for (Object element : elements) {
        Long number = asLong(element);
        if (number == null || number < 0 || number > 1_000_000) {
          reject(field, "must be whole numbers between 0 and 1000000");
          return currentValue;
        }
        points.add(number.intValue());
      }
      return points;
    }

    private static Long asLong(Object value) {
      try {
        if (value instanceof BigDecimal d) {
          return d.longValueExact();
        }
        if (value instanceof Integer || value instanceof Long) {
          return ((Number) value).longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
          return new BigDecimal(s.strip()).longValueExact();
        }
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
      return null;
    }
  }
}
