package io.previewbridge.demo.boundary;

import io.previewbridge.demo.control.DemoLinks;
import io.previewbridge.demo.entity.DemoItem;
import io.previewbridge.demo.entity.DemoItem.Chart;
import io.previewbridge.demo.entity.DemoItem.ChatMessage;
import io.previewbridge.demo.entity.DemoItem.DesignFile;
import io.previewbridge.demo.entity.DemoItem.Task;
import io.previewbridge.demo.entity.DemoItem.WorkflowRun;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Models for the demo's Mustache pages. Mustache has no logic, so the per-kind differences (which
 * facts a card shows, which inputs the form has) are decided here and the templates stay generic.
 */
final class ItemView {

  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private ItemView() {}

  static String when(Instant instant) {
    return WHEN.format(instant);
  }

  static Map<String, Object> list(List<DemoItem> items, DemoLinks links, String root) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DemoItem item : items) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", item.id());
      row.put("kind", item.kind().label());
      row.put("title", item.title());
      row.put("url", links.page(item));
      row.put("href", root + "demo/items/" + item.id());
      row.put("updated", when(item.updated()));
      rows.add(row);
    }
    return Map.of("root", root, "items", rows);
  }

  /** The values the form shows for an item as it is. */
  static Map<String, String> formValues(DemoItem item) {
    Map<String, String> values = new LinkedHashMap<>();
    if (item instanceof Task t) {
      values.put("title", t.title());
      values.put("status", t.status());
      values.put("due", t.due().toString());
      values.put("assignee", t.assignee());
      values.put("description", t.description());
    } else if (item instanceof DesignFile d) {
      values.put("title", d.title());
      values.put("lastEditor", d.lastEditor());
      values.put("accent", d.accent());
    } else if (item instanceof Chart c) {
      values.put("title", c.title());
      values.put("description", c.description());
      values.put(
          "points", c.points().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    } else if (item instanceof ChatMessage m) {
      values.put("text", m.text());
      values.put("author", m.author());
      values.put("channel", m.channel());
    } else if (item instanceof WorkflowRun r) {
      values.put("title", r.title());
      values.put("status", r.status());
      values.put("conclusion", r.conclusion() == null ? "" : r.conclusion());
      values.put("branch", r.branch());
      values.put("durationSeconds", String.valueOf(r.duration().toSeconds()));
    }
    return values;
  }

  static Map<String, Object> page(
      DemoItem item,
      DemoLinks links,
      String root,
      Map<String, String> values,
      Map<String, String> errors,
      boolean saved) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("root", root);
    model.put("id", item.id());
    model.put("kind", item.kind().label());
    model.put("title", item.title());
    model.put("url", links.page(item));
    model.put("apiUrl", links.api(item.id()));
    model.put("updated", when(item.updated()));
    model.put("saved", saved);
    model.put("invalid", !errors.isEmpty());
    model.put("facts", facts(item, links));
    if (item instanceof DesignFile d) {
      model.put("image", links.designPreview(d));
    }
    if (item instanceof Chart c) {
      model.put("frame", root + "demo/charts/" + c.id() + "?v=" + c.updated().toEpochMilli());
    }
    model.put("fields", fields(item, values, errors));
    return model;
  }

  private static List<Map<String, Object>> facts(DemoItem item, DemoLinks links) {
    List<Map<String, Object>> facts = new ArrayList<>();
    if (item instanceof Task t) {
      facts.add(fact("Key", t.key()));
      facts.add(fact("Status", t.status()));
      facts.add(fact("Due", t.due().toString()));
      facts.add(person("Assignee", t.assignee(), links));
      facts.add(fact("Description", t.description()));
    } else if (item instanceof DesignFile d) {
      facts.add(person("Last edited by", d.lastEditor(), links));
      facts.add(fact("Accent", d.accent()));
    } else if (item instanceof Chart c) {
      facts.add(fact("Description", c.description()));
      facts.add(
          fact(
              "Points",
              c.points().stream().map(String::valueOf).collect(Collectors.joining(", "))));
    } else if (item instanceof ChatMessage m) {
      facts.add(person("Author", m.author(), links));
      facts.add(fact("Channel", "#" + m.channel()));
      facts.add(fact("Posted", when(m.posted())));
      facts.add(fact("Message", m.text()));
    } else if (item instanceof WorkflowRun r) {
      facts.add(fact("Run", "#" + r.number() + " of " + r.workflow()));
      facts.add(fact("State", r.state()));
      facts.add(fact("Branch", r.branch()));
      facts.add(fact("Duration", r.durationText()));
    }
    facts.add(fact("Updated", when(item.updated())));
    return facts;
  }

  private static Map<String, Object> fact(String label, String value) {
    Map<String, Object> fact = new LinkedHashMap<>();
    fact.put("label", label);
    fact.put("value", value);
    return fact;
  }

  private static Map<String, Object> person(String label, String name, DemoLinks links) {
    Map<String, Object> fact = fact(label, name);
    fact.put("avatar", links.avatar(name));
    return fact;
  }

  private static List<Map<String, Object>> fields(
      DemoItem item, Map<String, String> values, Map<String, String> errors) {
    List<Map<String, Object>> fields = new ArrayList<>();
    if (item instanceof Task) {
      fields.add(input("title", "Title", "text"));
      fields.add(select("status", "Status", Task.STATUSES, false));
      fields.add(input("due", "Due date", "date"));
      fields.add(input("assignee", "Assignee", "text"));
      fields.add(textarea("description", "Description"));
    } else if (item instanceof DesignFile) {
      fields.add(input("title", "Title", "text"));
      fields.add(input("lastEditor", "Last edited by", "text"));
      fields.add(input("accent", "Accent colour", "color"));
    } else if (item instanceof Chart) {
      fields.add(input("title", "Title", "text"));
      fields.add(textarea("description", "Description"));
      fields.add(input("points", "Points (comma-separated)", "text"));
    } else if (item instanceof ChatMessage) {
      fields.add(textarea("text", "Message"));
      fields.add(input("author", "Author", "text"));
      fields.add(input("channel", "Channel (without #)", "text"));
    } else if (item instanceof WorkflowRun) {
      fields.add(input("title", "Run title", "text"));
      fields.add(select("status", "Status", WorkflowRun.STATUSES, false));
      fields.add(
          select("conclusion", "Conclusion (when completed)", WorkflowRun.CONCLUSIONS, true));
      fields.add(input("branch", "Branch", "text"));
      fields.add(input("durationSeconds", "Duration (seconds)", "number"));
    }
    for (Map<String, Object> field : fields) {
      String name = (String) field.get("name");
      String value = values.getOrDefault(name, "");
      field.put("value", value);
      field.put("error", errors.get(name));
      if (field.get("options") instanceof List<?> options) {
        for (Object option : options) {
          @SuppressWarnings("unchecked")
          Map<String, Object> o = (Map<String, Object>) option;
          o.put("selected", value.equals(o.get("value")));
        }
      }
    }
    return fields;
  }

  private static Map<String, Object> input(String name, String label, String type) {
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("name", name);
    field.put("label", label);
    field.put("input", true);
    field.put("type", type);
    return field;
  }

  private static Map<String, Object> textarea(String name, String label) {
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("name", name);
    field.put("label", label);
    field.put("textarea", true);
    return field;
  }

  private static Map<String, Object> select(
      String name, String label, List<String> choices, boolean allowNone) {
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("name", name);
    field.put("label", label);
    field.put("select", true);
    List<Map<String, Object>> options = new ArrayList<>();
    if (allowNone) {
      options.add(new LinkedHashMap<>(Map.of("value", "", "label", "(none)")));
    }
    for (String choice : choices) {
      options.add(new LinkedHashMap<>(Map.of("value", choice, "label", choice.replace('_', ' '))));
    }
    field.put("options", options);
    return field;
  }
}
