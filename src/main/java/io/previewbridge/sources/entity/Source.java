package io.previewbridge.sources.entity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One declared source: which uris it answers ({@code pattern}), its {@link Kind}, where their data
 * comes from ({@code fetch}, optional: a source may build its attributes from the uri alone), how
 * often a tracked preview is re-checked ({@link Refresh}), how the data becomes attributes, and
 * which message each upstream error status shows in Notion. A {@link Kind#JAVA} source names the
 * {@code PreviewSource} bean that builds its attributes. {@link SourceAuth} says whether fetches
 * are made as the server or as the person, {@link Restriction} what a private object's card shows.
 */
public record Source(
    String id,
    Kind kind,
    Pattern pattern,
    List<String> groupNames,
    List<String> samples,
    Optional<Fetch> fetch,
    Refresh refresh,
    List<AttributeSpec> attributes,
    Map<Integer, String> errors,
    Optional<String> bean,
    SourceAuth auth,
    Restriction restricted) {

  /** Where a source's data comes from. */
  public enum Kind {
    /** JSON fetched from {@code fetch.url} (or none), mapped with JSON pointers. The default. */
    JSON("json"),
    /** The pasted page itself, its Open Graph, Twitter, JSON-LD and HTML metadata. */
    HTML_META("html-meta"),
    /** A {@code PreviewSource} CDI bean, named by {@code bean}. */
    JAVA("java");

    private final String json;

    Kind(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    public static Optional<Kind> fromJson(String name) {
      for (Kind k : values()) {
        if (k.json.equals(name)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** Fetching as the server, without a restriction (the form before identity). */
  public Source(
      String id,
      Kind kind,
      Pattern pattern,
      List<String> groupNames,
      List<String> samples,
      Optional<Fetch> fetch,
      Refresh refresh,
      List<AttributeSpec> attributes,
      Map<Integer, String> errors,
      Optional<String> bean) {
    this(
        id,
        kind,
        pattern,
        groupNames,
        samples,
        fetch,
        refresh,
        attributes,
        errors,
        bean,
        SourceAuth.SERVICE,
        Restriction.NONE);
  }

  /** A JSON source (the form of the first sources files). */
  public Source(
      String id,
      Pattern pattern,
      List<String> groupNames,
      List<String> samples,
      Optional<Fetch> fetch,
      Refresh refresh,
      List<AttributeSpec> attributes,
      Map<Integer, String> errors) {
    this(
        id,
        Kind.JSON,
        pattern,
        groupNames,
        samples,
        fetch,
        refresh,
        attributes,
        errors,
        Optional.empty());
  }

  public Source {
    groupNames = List.copyOf(groupNames);
    samples = List.copyOf(samples);
    attributes = List.copyOf(attributes);
    errors = Map.copyOf(errors);
    auth = auth == null ? SourceAuth.SERVICE : auth;
    restricted = restricted == null ? Restriction.NONE : restricted;
  }

  /** A uri this source answers, and the text of each named group. */
  public record Match(Source source, String uri, Map<String, String> groups) {}

  /**
   * Uses {@code find}, as the JavaScript {@code RegExp.test} of Notion's own settings form does:
   * anchor the pattern ({@code ^...$}) to match whole uris only.
   */
  public Optional<Match> match(String uri) {
    Matcher m = pattern.matcher(uri);
    if (!m.find()) {
      return Optional.empty();
    }
    Map<String, String> groups = new LinkedHashMap<>();
    for (String name : groupNames) {
      String value = m.group(name);
      if (value != null) {
        groups.put(name, value);
      }
    }
    return Optional.of(new Match(this, uri, groups));
  }
}
