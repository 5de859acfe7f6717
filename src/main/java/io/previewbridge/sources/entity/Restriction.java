package io.previewbridge.sources.entity;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * How the upstream marks an object only some people may see, and what a card of such an object
 * shows ({@code "restricted"} in the sources file). A card is seen by everyone who can open the
 * Notion page, not only by the person whose token fetched it, so a private object's details would
 * leak through it.
 *
 * <p>An object is restricted when {@code value} (a template over the fetched JSON) renders to a
 * truthy text, or to one of {@code values} when those are given; or when the upstream answers one
 * of {@code statuses}. {@link Policy} says what then happens. {@code title} (a template over the
 * pattern's groups) is the title of a limited card whose own title is not public.
 */
public record Restriction(
    Optional<Template> value,
    Set<String> values,
    Set<Integer> statuses,
    Policy policy,
    String message,
    Template title) {

  /** What a restricted object's card shows. */
  public enum Policy {
    /** No card: Notion's error state with {@code message}. The default. */
    DENY("deny"),
    /** Only the attributes marked {@code "public": true}, and a lock in the title. */
    LIMITED("limited"),
    /** Everything, as for any object. */
    ALLOW("allow");

    private final String json;

    Policy(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    public static Optional<Policy> fromJson(String name) {
      return Arrays.stream(values()).filter(p -> p.json.equals(name)).findFirst();
    }
  }

  public static final String DEFAULT_MESSAGE =
      "This item is private: its preview is not shown to everyone on the page";
  public static final Template DEFAULT_TITLE = Template.parse("Private item");

  /** Marks the title of a limited card. */
  public static final String LOCK = "\uD83D\uDD12 ";

  /** No restriction declared: every object is shown in full. */
  public static final Restriction NONE =
      new Restriction(
          Optional.empty(), Set.of(), Set.of(), Policy.ALLOW, DEFAULT_MESSAGE, DEFAULT_TITLE);

  public Restriction {
    values = Set.copyOf(values);
    statuses = Set.copyOf(statuses);
  }

  public boolean declared() {
    return value.isPresent() || !statuses.isEmpty();
  }

  /**
   * Whether the rendered {@code value} marks the object restricted: one of {@code values}, or, with
   * none given, anything but empty, {@code false}, {@code 0}, {@code no} and {@code null}.
   */
  public boolean marks(Optional<String> rendered) {
    if (rendered.isEmpty()) {
      return false;
    }
    String text = rendered.get().trim();
    if (!values.isEmpty()) {
      return values.contains(text);
    }
    return !(text.isEmpty()
        || text.equalsIgnoreCase("false")
        || text.equals("0")
        || text.equalsIgnoreCase("no")
        || text.equalsIgnoreCase("null"));
  }

  /** For the console: {@code limited when {/confidential}}. */
  public String describe() {
    if (!declared()) {
      return "none";
    }
    StringBuilder when = new StringBuilder();
    value.ifPresent(v -> when.append(v.source()));
    if (!values.isEmpty()) {
      when.append(" in ").append(values.stream().sorted().toList());
    }
    if (!statuses.isEmpty()) {
      if (when.length() > 0) {
        when.append(" or ");
      }
      when.append("HTTP ").append(statuses.stream().sorted().toList());
    }
    return policy.json() + " when " + when;
  }
}
