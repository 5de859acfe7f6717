package io.previewbridge.demo.boundary;

import io.previewbridge.demo.control.DemoLinks;
import io.previewbridge.demo.entity.DemoItem;
import io.previewbridge.demo.entity.DemoItem.Chart;
import io.previewbridge.demo.entity.DemoItem.ChatMessage;
import io.previewbridge.demo.entity.DemoItem.DesignFile;
import io.previewbridge.demo.entity.DemoItem.Task;
import io.previewbridge.demo.entity.DemoItem.WorkflowRun;
import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo product's JSON: what {@code GET /demo/api/items/{id}} answers, and so what the demo
 * sources file points into with JSON Pointers ({@code /title}, {@code /assignee/avatarUrl}). Every
 * item has {@code id}, {@code kind}, {@code url} (its page), {@code title} and {@code updated}; the
 * rest depends on the kind. Times are UTC ISO-8601 with milliseconds, as Notion's datetime wants.
 */
final class ItemJson {

  private ItemJson() {}

  static JsonObject of(DemoItem item, DemoLinks links) {
    JsonObjectBuilder json =
        JsonP.createObjectBuilder()
            .add("id", item.id())
            .add("kind", item.kind().slug())
            .add("url", links.page(item))
            .add("title", item.title())
            .add("updated", instant(item.updated()));
    if (item instanceof Task t) {
      json.add("identifier", t.key())
          .add("status", t.status())
          .add("due", t.due().toString())
          .add("assignee", person(t.assignee(), links))
          .add("description", t.description());
    } else if (item instanceof DesignFile d) {
      json.add("previewUrl", links.designPreview(d))
          .add("lastEditor", person(d.lastEditor(), links))
          .add("accent", d.accent());
    } else if (item instanceof Chart c) {
      JsonArrayBuilder points = JsonP.createArrayBuilder();
      c.points().forEach(points::add);
      json.add("description", c.description())
          .add("chartUrl", links.chartPage(c))
          .add("points", points);
    } else if (item instanceof ChatMessage m) {
      json.add("text", m.text())
          .add("author", person(m.author(), links))
          .add("channel", m.channel())
          .add("channelName", "#" + m.channel())
          .add("posted", instant(m.posted()));
    } else if (item instanceof WorkflowRun r) {
      json.add("identifier", "#" + r.number())
          .add("number", r.number())
          .add("workflow", r.workflow())
          .add("status", r.status());
      if (r.conclusion() == null) {
        json.addNull("conclusion");
      } else {
        json.add("conclusion", r.conclusion());
      }
      json.add("state", r.state())
          .add("branch", r.branch())
          .add("durationSeconds", r.duration().toSeconds())
          .add("duration", r.durationText());
    }
    return json.build();
  }

  /** The list entry: enough to find an item and its page. */
  static JsonObject summary(DemoItem item, DemoLinks links) {
    return JsonP.createObjectBuilder()
        .add("id", item.id())
        .add("kind", item.kind().slug())
        .add("title", item.title())
        .add("url", links.page(item))
        .add("apiUrl", links.api(item.id()))
        .add("updated", instant(item.updated()))
        .build();
  }

  static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static String instant(Instant instant) {
    return UTC_MILLIS.format(instant);
  }

  private static JsonObject person(String name, DemoLinks links) {
    return JsonP.createObjectBuilder()
        .add("name", name)
        .add("avatarUrl", links.avatar(name))
        .build();
  }

  /** A request body as plain Java values, the shape {@code ItemEditor} reads. */
  static Map<String, Object> fields(JsonObject body) {
    Map<String, Object> fields = new LinkedHashMap<>();
    body.forEach((name, value) -> fields.put(name, plain(value)));
    return fields;
  }

  private static Object plain(JsonValue value) {
    switch (value.getValueType()) {
      case STRING:
        return ((JsonString) value).getString();
      case NUMBER:
        return ((JsonNumber) value).bigDecimalValue();
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case NULL:
        return null;
      case ARRAY:
        List<Object> list = new ArrayList<>();
        ((JsonArray) value).forEach(element -> list.add(plain(element)));
        return list;
      default:
        return fields((JsonObject) value);
    }
  }
}
