package io.previewbridge.sources.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with placeholders, as written in the sources file: {@code "#{num}"}, {@code
 * "{/owner/avatar_url}"}, {@code "Bearer {config:acme.api-token}"}, {@code "{account:username}"},
 * {@code "{meta:og:title}"} (html-meta sources).
 *
 * <p>A {@code {} that does not open one of the five placeholder forms stays literal text, so JSON
 * or regex-looking text in a template needs no escaping; a misspelt group name is caught at
 * start-up because the pattern does not define it.
 */
public final class Template {

  /** One piece of a template. */
  public sealed interface Part permits Literal, Group, Pointer, ConfigRef, AccountRef, MetaRef {}

  public record Literal(String text) implements Part {}

  /** {@code {name}}: a named group of the source's pattern. */
  public record Group(String name) implements Part {}

  /** {@code {/a/b}}: an RFC 6901 JSON Pointer into the fetched JSON. */
  public record Pointer(String pointer) implements Part {}

  /** {@code {config:key}}: a MicroProfile Config value (secrets; never logged). */
  public record ConfigRef(String key) implements Part {}

  /** {@code {account:field}}: the signed-in account (username, id or email). */
  public record AccountRef(String field) implements Part {}

  /**
   * {@code {meta:key}}: a field an {@code html-meta} source extracted from the page ({@code
   * {meta:title}}, {@code {meta:og:image}}, ...; see {@code HtmlMetaExtractor}).
   */
  public record MetaRef(String key) implements Part {}

  public static final List<String> ACCOUNT_FIELDS = List.of("username", "id", "email");

  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "\\{(?:(?<pointer>/[^}]*)|config:(?<config>[^}\\s]+)|account:(?<account>[A-Za-z]+)"
              + "|meta:(?<meta>[A-Za-z][A-Za-z0-9:_.-]*)"
              + "|(?<group>[A-Za-z][A-Za-z0-9]*))\\}");

  private final String source;
  private final List<Part> parts;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  public static Template parse(String text) {
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        parts.add(new Literal(text.substring(at, m.start())));
      }
      if (m.group("pointer") != null) {
        parts.add(new Pointer(m.group("pointer")));
      } else if (m.group("config") != null) {
        parts.add(new ConfigRef(m.group("config")));
      } else if (m.group("meta") != null) {
        parts.add(new MetaRef(m.group("meta")));
      } else if (m.group("account") != null) {
        parts.add(new AccountRef(m.group("account")));
      } else {
        parts.add(new Group(m.group("group")));
      }
      at = m.end();
    }
    if (at < text.length()) {
      parts.add(new Literal(text.substring(at)));
    }
    return new Template(text, parts);
  }

  public String source() {
    return source;
  }

  public List<Part> parts() {
    return parts;
  }

  public boolean isLiteral() {
    return parts.stream().allMatch(p -> p instanceof Literal);
  }

  public <T extends Part> List<T> partsOf(Class<T> type) {
    return parts.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** What rendering produced: the text, and how many placeholders had no value. */
  public record Rendered(String text, int placeholders, int missing) {

    /** Every placeholder lacked a value: there is nothing to show. */
    public boolean entirelyMissing() {
      return placeholders > 0 && missing == placeholders;
    }

    public boolean complete() {
      return missing == 0;
    }
  }

  /** Renders with {@code values}; a placeholder without a value renders as nothing. */
  public Rendered render(Function<Part, Optional<String>> values) {
    return render(values, part -> UnaryOperator.identity());
  }

  /**
   * Renders with {@code values}, passing each value through the encoder that {@code encoding}
   * chooses for its kind of placeholder (URLs percent-encode what came from the pasted link).
   */
  public Rendered render(
      Function<Part, Optional<String>> values, Function<Part, UnaryOperator<String>> encoding) {
    StringBuilder text = new StringBuilder();
    int placeholders = 0;
    int missing = 0;
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        text.append(literal.text());
        continue;
      }
      placeholders++;
      Optional<String> value = values.apply(part);
      if (value.isEmpty()) {
        missing++;
      } else {
        text.append(encoding.apply(part).apply(value.get()));
      }
    }
    return new Rendered(text.toString(), placeholders, missing);
  }

  @Override
  public String toString() {
    return source;
  }
}
