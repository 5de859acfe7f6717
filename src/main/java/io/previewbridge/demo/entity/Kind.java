package io.previewbridge.demo.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of preview Notion's docs name, one per kind of demo item. The slug is the item id's
 * prefix ({@code task-12}), which is what lets one source pattern per kind tell them apart.
 */
public enum Kind {
  TASK("task", "Task card"),
  DESIGN("design", "Design file"),
  CHART("chart", "Chart"),
  MESSAGE("message", "Chat message"),
  RUN("run", "Workflow run");

  private final String slug;
  private final String label;

  Kind(String slug, String label) {
    this.slug = slug;
    this.label = label;
  }

  public String slug() {
    return slug;
  }

  public String label() {
    return label;
  }

  public static Optional<Kind> ofSlug(String slug) {
    return Arrays.stream(values()).filter(k -> k.slug.equals(slug)).findFirst();
  }

  /** The kind an item id names ({@code design-2} is a design file), if any. */
  public static Optional<Kind> ofId(String id) {
    int dash = id == null ? -1 : id.indexOf('-');
    return dash > 0 ? ofSlug(id.substring(0, dash)) : Optional.empty();
  }
}
