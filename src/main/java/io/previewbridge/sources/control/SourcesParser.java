package io.previewbridge.sources.control;

import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Fetch;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Restriction;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.SourceAuth;
import io.previewbridge.sources.entity.Sources;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.unfurl.entity.Attributes;
import io.previewbridge.unfurl.entity.Rgb;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads the sources file (format in product.md, "Sources") and checks everything that can be
 * checked before the first uri arrives: JSON syntax, every pattern compiles, every sample matches
 * its pattern, every placeholder is defined, types and sections are valid. It collects all
 * problems, each with its JSON path, and throws them together as one {@link InvalidSources}.
 *
 * <p>Beyond product.md: {@code {config:key}} may also appear in {@code pattern} (inserted
 * literally, regex-quoted) and in {@code samples}, so that a file can follow {@code
 * previewbridge.public-url}; {@code fetch} accepts {@code method} (GET or POST), {@code body}, and
 * per-source {@code connectTimeout}, {@code readTimeout} (ISO-8601 durations), {@code maxBytes},
 * {@code maxRedirects}, {@code allowPrivateNetwork} (boolean) and {@code allowedDestinations} (host
 * names, {@code *.domain}, CIDRs; see {@link DestinationPolicy}).
 */
public final class SourcesParser {

  static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>");
  private static final Pattern CONFIG_REF = Pattern.compile("\\{config:([^}\\s]+)\\}");
  private static final Set<String> TOP_KEYS = Set.of("developerName", "sources", "providers");
  private static final Set<String> SOURCE_KEYS =
      Set.of(
          "id",
          "kind",
          "bean",
          "pattern",
          "samples",
          "fetch",
          "refresh",
          "refreshMin",
          "refreshMax",
          "attributes",
          "errors",
          "auth",
          "restricted");
  private static final Set<String> FETCH_KEYS =
      Set.of(
          "url",
          "headers",
          "method",
          "body",
          "connectTimeout",
          "readTimeout",
          "maxBytes",
          "maxRedirects",
          "allowPrivateNetwork",
          "allowedDestinations");
  private static final Set<String> ATTRIBUTE_KEYS =
      Set.of("id", "name", "type", "value", "section", "colors", "maxLength", "format", "public");

  /** In {@code colors}, the key of the colour of every value the map does not name. */
  static final String DEFAULT_COLOR_KEY = "*";

  static final int MAX_REDIRECTS_LIMIT = 20;

  /** Only the keys {@link SourcesConfig} lets sources use: the others are never read. */
  private final Function<String, Optional<String>> config;

  private final SourcesConfig reach;
  private final boolean developerNameConfigured;
  private final List<String> problems = new ArrayList<>();

  /** The names of the deployed PreviewSource beans; null when unknown (not checked). */
  private final Set<String> beans;

  /** Whether the attribute templates being read may use {@code {meta:...}}. */
  private boolean metaAllowed;

  private final SourceAccessParser access;

  /** The ids of the file's {@code providers}, which {@code oauth} sources may name. */
  private Set<String> providerIds = Set.of();

  private SourcesParser(
      Function<String, Optional<String>> config,
      boolean developerNameConfigured,
      Set<String> beans) {
    this.reach = SourcesConfig.of(config);
    this.config = reach.lookup();
    this.developerNameConfigured = developerNameConfigured;
    this.beans = beans;
    this.access = new SourceAccessParser(this, this.config, config);
  }

  /**
   * @param config looks up {@code {config:key}} values (checked to exist, never logged)
   * @throws InvalidSources listing every problem found
   */
  public static Sources parse(
      String json, String key, String origin, Function<String, Optional<String>> config) {
    return parse(json, key, origin, config, true);
  }

  /**
   * @param developerNameConfigured whether {@code previewbridge.developer-name} is set; if not, the
   *     file must name the developer
   */
  public static Sources parse(
      String json,
      String key,
      String origin,
      Function<String, Optional<String>> config,
      boolean developerNameConfigured) {
    return parse(json, key, origin, config, developerNameConfigured, null);
  }

  /**
   * @param beans the names of the deployed {@code PreviewSource} beans, which {@code "kind":
   *     "java"} sources may name; null to leave bean names unchecked
   */
  public static Sources parse(
      String json,
      String key,
      String origin,
      Function<String, Optional<String>> config,
      boolean developerNameConfigured,
      Set<String> beans) {
    SourcesParser parser = new SourcesParser(config, developerNameConfigured, beans);
    Sources sources = parser.read(json);
    if (!parser.problems.isEmpty()) {
      throw new InvalidSources(key, origin, parser.problems);
    }
    return sources;
  }

  private Sources read(String json) {
    JsonValue root;
    try (JsonReader reader = JsonP.createReader(new StringReader(json))) {
      root = reader.readValue();
    } catch (JsonParsingException e) {
      var at = e.getLocation();
      problem(
          "$",
          "is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")")
              + ": "
              + e.getMessage());
      return null;
    } catch (JsonException e) {
      problem("$", "is not valid JSON: " + e.getMessage());
      return null;
    }
    if (root.getValueType() != JsonValue.ValueType.OBJECT) {
      problem("$", "must be a JSON object with \"developerName\" and \"sources\"");
      return null;
    }
    JsonObject top = root.asJsonObject();
    unknownKeys(top, TOP_KEYS, "$");
    String developerName = optionalString(top, "developerName", "$");
    if (developerName == null && !developerNameConfigured && !top.containsKey("developerName")) {
      problem(
          "$.developerName",
          "is required when previewbridge.developer-name is not set: Notion requires the dev"
              + " attribute");
    }
    List<AuthServer> providers = access.providers(top);
    providerIds =
        providers.stream().map(AuthServer::id).collect(Collectors.toCollection(LinkedHashSet::new));
    JsonArray list = array(top, "sources", "$", true);
    List<Source> sources = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        String path = "$.sources[" + i + "]";
        if (list.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
          problem(path, "must be an object");
          continue;
        }
        Source source = source(list.get(i).asJsonObject(), path);
        if (source != null) {
          if (!ids.add(source.id())) {
            problem(path + ".id", "\"" + source.id() + "\" is used by an earlier source");
          }
          sources.add(source);
        }
      }
    }
    return new Sources(developerName, sources, providers);
  }

  /**
   * The value named {@code text}, or a problem at {@code path} that lists the names there are
   * ({@code "x" is not a kind; use one of json, html-meta, java}).
   */
  private <T> Optional<T> oneOf(
      String text,
      Function<String, Optional<T>> parse,
      T[] values,
      Function<T, String> name,
      String path,
      String noun) {
    Optional<T> value = parse.apply(text);
    if (value.isEmpty()) {
      problem(
          path,
          "\""
              + text
              + "\" is not a "
              + noun
              + "; use one of "
              + java.util.Arrays.stream(values).map(name).collect(Collectors.joining(", ")));
    }
    return value;
  }

  private Source source(JsonObject object, String path) {
    unknownKeys(object, SOURCE_KEYS, path);
    int before = problems.size();
    String id = requiredString(object, "id", path);
    if (id != null && !ID.matcher(id).matches()) {
      problem(path + ".id", "must be 1-100 letters, digits, '.', '_' or '-'");
    }
    Source.Kind kind = Source.Kind.JSON;
    String kindText = optionalString(object, "kind", path);
    if (kindText != null) {
      kind =
          oneOf(
                  kindText,
                  Source.Kind::fromJson,
                  Source.Kind.values(),
                  Source.Kind::json,
                  path + ".kind",
                  "kind")
              .orElse(Source.Kind.JSON);
    }
    String bean = optionalString(object, "bean", path);
    if (kind == Source.Kind.JAVA) {
      if (bean == null && !object.containsKey("bean")) {
        problem(path + ".bean", "is required for \"kind\": \"java\" (a PreviewSource name)");
      } else if (bean != null && beans != null && !beans.contains(bean)) {
        problem(
            path + ".bean",
            "\""
                + bean
                + "\" is not a deployed PreviewSource"
                + (beans.isEmpty()
                    ? " (there are none)"
                    : " (deployed: " + String.join(", ", beans.stream().sorted().toList()) + ")"));
      }
    } else if (bean != null) {
      problem(path + ".bean", "applies only to \"kind\": \"java\"");
    }
    if (kind != Source.Kind.JSON && object.containsKey("fetch")) {
      problem(
          path + ".fetch",
          kind == Source.Kind.HTML_META
              ? "an html-meta source fetches the pasted page itself; it has no \"fetch\""
              : "a java source fetches what it needs itself; it has no \"fetch\"");
    }
    Pattern pattern = null;
    List<String> groups = null;
    String patternText = requiredString(object, "pattern", path);
    if (patternText != null) {
      String expanded = expandConfig(patternText, path + ".pattern", true);
      if (!anchored(expanded)) {
        problem(
            path + ".pattern",
            "must match whole links: start with ^ and end with $ (for every link under a prefix,"
                + " end with .*$), so that a link of another site that merely contains yours"
                + " is not taken for one");
      }
      try {
        pattern = Pattern.compile(expanded);
        groups = groupNames(expanded);
      } catch (PatternSyntaxException e) {
        problem(
            path + ".pattern",
            "does not compile: " + e.getDescription() + " near index " + e.getIndex());
      }
    }
    List<String> samples = new ArrayList<>();
    JsonArray sampleArray = array(object, "samples", path, true);
    if (sampleArray != null) {
      if (sampleArray.isEmpty()) {
        problem(path + ".samples", "needs at least one sample uri, as Notion's settings form does");
      }
      for (int i = 0; i < sampleArray.size(); i++) {
        String samplePath = path + ".samples[" + i + "]";
        if (!(sampleArray.get(i) instanceof JsonString s)) {
          problem(samplePath, "must be a string");
          continue;
        }
        String sample = expandConfig(s.getString(), samplePath, false);
        samples.add(sample);
        if (pattern != null && !pattern.matcher(sample).find()) {
          // as written: a configuration value inside it is not repeated in the problem
          problem(samplePath, "\"" + s.getString() + "\" does not match the pattern");
        }
      }
    }
    // null when the pattern is broken: its groups are unknown, so group names are not checked
    Set<String> groupSet = groups == null ? null : Set.copyOf(groups);
    Optional<Fetch> fetch = Optional.empty();
    JsonValue fetchValue = object.get("fetch");
    if (fetchValue != null) {
      if (fetchValue.getValueType() != JsonValue.ValueType.OBJECT) {
        problem(path + ".fetch", "must be an object with \"url\"");
      } else {
        fetch = Optional.ofNullable(fetch(fetchValue.asJsonObject(), path + ".fetch", groupSet));
      }
    }
    Refresh refresh = refresh(object, path);
    List<AttributeSpec> attributes;
    if (kind == Source.Kind.JAVA) {
      if (object.containsKey("attributes")) {
        problem(path + ".attributes", "a java source's bean builds the attributes");
      }
      attributes = List.of();
    } else if (kind == Source.Kind.HTML_META && !object.containsKey("attributes")) {
      attributes = HtmlMetaExtractor.DEFAULT_ATTRIBUTES;
    } else {
      metaAllowed = kind == Source.Kind.HTML_META;
      attributes = attributes(object, path, groupSet, fetchValue != null);
      metaAllowed = false;
    }
    Map<Integer, String> errors = errors(object, path);
    SourceAuth auth = access.auth(object, path, kind, fetch, providerIds);
    Restriction restricted =
        access.restricted(object, path, kind, groupSet, fetchValue != null, attributes);
    if (problems.size() > before) {
      return id == null
          ? null
          : new Source(
              id,
              kind,
              Pattern.compile("(?!)"),
              List.of(),
              samples,
              fetch,
              refresh,
              attributes,
              errors,
              Optional.ofNullable(bean),
              auth,
              restricted);
    }
    return new Source(
        id,
        kind,
        pattern,
        groups == null ? List.of() : groups,
        samples,
        fetch,
        refresh,
        attributes,
        errors,
        Optional.ofNullable(bean),
        auth,
        restricted);
  }

  /**
   * {@code refresh} (the settled interval) and its optional bounds {@code refreshMin} (hot
   * previews) and {@code refreshMax} (the longest backoff); what is left out follows {@link
   * Refresh#of} (a missing {@code refresh} is the default five minutes, or the bound nearest to
   * it). Broken values are reported and replaced by defaults, so the rest of the source is still
   * checked.
   */
  private Refresh refresh(JsonObject object, String path) {
    Duration base = refreshValue(object, "refresh", path);
    Duration min = refreshValue(object, "refreshMin", path);
    Duration max = refreshValue(object, "refreshMax", path);
    if (min != null && max != null && min.compareTo(max) > 0) {
      problem(path + ".refreshMin", "must not be longer than refreshMax (" + max + ")");
      return Refresh.DEFAULT;
    }
    Duration settled = base;
    if (settled == null) {
      // without refresh, the default settles between the bounds the source gave
      settled = Refresh.DEFAULT_BASE;
      settled = min != null && min.compareTo(settled) > 0 ? min : settled;
      settled = max != null && max.compareTo(settled) < 0 ? max : settled;
    }
    boolean ordered = true;
    if (min != null && min.compareTo(settled) > 0) {
      problem(path + ".refreshMin", "must not be longer than refresh (" + settled + ")");
      ordered = false;
    }
    if (max != null && max.compareTo(settled) < 0) {
      problem(path + ".refreshMax", "must not be shorter than refresh (" + settled + ")");
      ordered = false;
    }
    if (!ordered) {
      return Refresh.of(settled);
    }
    return new Refresh(
        min != null ? min : Refresh.defaultMin(settled),
        settled,
        max != null ? max : Refresh.defaultMax(settled));
  }

  private Duration refreshValue(JsonObject object, String key, String path) {
    String text = optionalString(object, key, path);
    if (text == null) {
      return null;
    }
    Duration parsed = duration(text, path + "." + key);
    if (parsed != null && parsed.compareTo(Refresh.SHORTEST) < 0) {
      problem(path + "." + key, "must be at least " + Refresh.SHORTEST);
      return null;
    }
    return parsed;
  }

  private Fetch fetch(JsonObject object, String path, Set<String> groups) {
    unknownKeys(object, FETCH_KEYS, path);
    Template url = null;
    String urlText = requiredString(object, "url", path);
    if (urlText != null) {
      url = template(urlText, path + ".url", groups, false);
      String expanded = expandConfig(urlText, null, false).toLowerCase(Locale.ROOT);
      if (!expanded.startsWith("http://") && !expanded.startsWith("https://")) {
        problem(
            path + ".url",
            "must start with http:// or https:// (literally or through a {config:...} value)");
      }
    }
    String method = optionalString(object, "method", path);
    method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("POST")) {
      problem(path + ".method", "must be GET or POST");
    }
    Map<String, Template> headers = new LinkedHashMap<>();
    JsonValue headersValue = object.get("headers");
    if (headersValue != null) {
      if (headersValue.getValueType() != JsonValue.ValueType.OBJECT) {
        problem(path + ".headers", "must be an object of header names to string values");
      } else {
        for (var entry : headersValue.asJsonObject().entrySet()) {
          String headerPath = path + ".headers." + entry.getKey();
          if (!entry.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            problem(headerPath, "is not a valid header name");
          }
          if (!(entry.getValue() instanceof JsonString s)) {
            problem(headerPath, "must be a string");
            continue;
          }
          headers.put(entry.getKey(), template(s.getString(), headerPath, groups, false));
        }
      }
    }
    Template body = null;
    String bodyText = optionalString(object, "body", path);
    if (bodyText != null) {
      if (!method.equals("POST")) {
        problem(path + ".body", "is only sent with \"method\": \"POST\"");
      }
      body = template(bodyText, path + ".body", groups, false);
    }
    Duration connect = optionalDuration(object, "connectTimeout", path);
    Duration read = optionalDuration(object, "readTimeout", path);
    Long maxBytes = null;
    Integer maxRedirects = null;
    if (object.containsKey("maxBytes")) {
      Integer n = integer(object, "maxBytes", path, 1, Integer.MAX_VALUE);
      maxBytes = n == null ? null : n.longValue();
    }
    if (object.containsKey("maxRedirects")) {
      maxRedirects = integer(object, "maxRedirects", path, 0, MAX_REDIRECTS_LIMIT);
    }
    boolean allowPrivate = false;
    JsonValue privateValue = object.get("allowPrivateNetwork");
    if (privateValue != null) {
      if (privateValue != JsonValue.TRUE && privateValue != JsonValue.FALSE) {
        problem(path + ".allowPrivateNetwork", "must be true or false");
      }
      allowPrivate = privateValue == JsonValue.TRUE;
    }
    List<String> destinations = new ArrayList<>();
    JsonValue destinationsValue = object.get("allowedDestinations");
    if (destinationsValue != null) {
      if (destinationsValue.getValueType() != JsonValue.ValueType.ARRAY) {
        problem(path + ".allowedDestinations", "must be an array of host names and CIDRs");
      } else {
        JsonArray entries = destinationsValue.asJsonArray();
        for (int i = 0; i < entries.size(); i++) {
          String entryPath = path + ".allowedDestinations[" + i + "]";
          if (!(entries.get(i) instanceof JsonString s)) {
            problem(entryPath, "must be a string");
            continue;
          }
          Optional<String> invalid = DestinationPolicy.invalidAllowance(s.getString());
          invalid.ifPresent(message -> problem(entryPath, message));
          destinations.add(s.getString().trim());
        }
      }
    }
    if (url == null) {
      return null;
    }
    return new Fetch(
        url,
        method,
        headers,
        body,
        connect,
        read,
        maxBytes,
        maxRedirects,
        allowPrivate,
        destinations);
  }

  private List<AttributeSpec> attributes(
      JsonObject object, String path, Set<String> groups, boolean fetches) {
    List<AttributeSpec> specs = new ArrayList<>();
    JsonArray array = array(object, "attributes", path, true);
    if (array == null) {
      return specs;
    }
    Set<String> ids = new HashSet<>();
    boolean hasTitle = false;
    for (int i = 0; i < array.size(); i++) {
      String attrPath = path + ".attributes[" + i + "]";
      if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
        problem(attrPath, "must be an object");
        continue;
      }
      JsonObject attr = array.get(i).asJsonObject();
      unknownKeys(attr, ATTRIBUTE_KEYS, attrPath);
      String id = requiredString(attr, "id", attrPath);
      if (id != null) {
        if (id.equals(Attributes.DEV_ID)) {
          problem(
              attrPath + ".id",
              "\"dev\" is reserved: it is added from previewbridge.developer-name or"
                  + " developerName");
        } else if (!ids.add(id)) {
          problem(attrPath + ".id", "\"" + id + "\" is used by an earlier attribute");
        }
      }
      SubType type = null;
      String typeText = requiredString(attr, "type", attrPath);
      if (typeText != null) {
        type =
            oneOf(
                    typeText,
                    SubType::fromJson,
                    SubType.values(),
                    SubType::json,
                    attrPath + ".type",
                    "type")
                .orElse(null);
      }
      if (type == SubType.TITLE) {
        if (id != null && !id.equals(Attributes.TITLE_ID)) {
          problem(attrPath + ".id", "a title attribute must have the id \"title\"");
        } else {
          hasTitle = true;
        }
      } else if (Attributes.TITLE_ID.equals(id) && type != null) {
        problem(attrPath + ".type", "the attribute \"title\" must be of type title");
      }
      String name = optionalString(attr, "name", attrPath);
      if (name == null) {
        name = type == SubType.TITLE ? "Title" : id;
      }
      Template value = null;
      String valueText = requiredString(attr, "value", attrPath);
      if (valueText != null) {
        value = template(valueText, attrPath + ".value", groups, true);
        if (!fetches && !value.partsOf(Template.Pointer.class).isEmpty()) {
          problem(
              attrPath + ".value",
              metaAllowed
                  ? "uses a JSON pointer, but an html-meta source reads a page: use {meta:...}"
                  : "uses a JSON pointer but the source has no \"fetch\"");
        }
      }
      Section section = type == null ? null : type.defaultSection();
      String sectionText = optionalString(attr, "section", attrPath);
      if (sectionText != null) {
        section =
            oneOf(
                    sectionText,
                    Section::fromJson,
                    Section.values(),
                    Section::json,
                    attrPath + ".section",
                    "section")
                .orElse(null);
        if (section != null && type != null && !section.allows(type)) {
          problem(
              attrPath + ".section",
              "section "
                  + section.json()
                  + " does not accept "
                  + type.json()
                  + " (it accepts "
                  + section.allowed().stream().map(SubType::json).collect(Collectors.joining(", "))
                  + ")");
        }
      }
      Map<String, Rgb> colors = new LinkedHashMap<>();
      Rgb defaultColor = null;
      JsonValue colorsValue = attr.get("colors");
      if (colorsValue != null) {
        if (type != null && type != SubType.ENUM) {
          problem(attrPath + ".colors", "only an enum attribute has colours");
        }
        if (colorsValue.getValueType() != JsonValue.ValueType.OBJECT) {
          problem(attrPath + ".colors", "must map enum values (and \"*\", the default) to colours");
        } else {
          for (var entry : colorsValue.asJsonObject().entrySet()) {
            String colorPath = attrPath + ".colors." + entry.getKey();
            Optional<Rgb> rgb =
                entry.getValue() instanceof JsonString s
                    ? Colors.parse(s.getString())
                    : Optional.empty();
            if (rgb.isEmpty()) {
              problem(
                  colorPath,
                  "must be a colour: \"#rrggbb\", \"#rgb\" or a CSS colour name such as"
                      + " \"seagreen\"");
            } else if (entry.getKey().equals(DEFAULT_COLOR_KEY)) {
              defaultColor = rgb.get();
            } else {
              colors.put(entry.getKey(), rgb.get());
            }
          }
        }
      }
      Integer maxLength = null;
      if (attr.containsKey("maxLength")) {
        maxLength = integer(attr, "maxLength", attrPath, 2, Attributes.MAX_TEXT);
        if (type != null
            && type != SubType.TITLE
            && type != SubType.PLAIN_TEXT
            && type != SubType.ENUM) {
          problem(attrPath + ".maxLength", "applies only to title, plain_text and enum");
        }
      }
      AttributeSpec.Format format = AttributeSpec.Format.TEXT;
      String formatText = optionalString(attr, "format", attrPath);
      if (formatText != null) {
        format =
            oneOf(
                    formatText,
                    AttributeSpec.Format::fromJson,
                    AttributeSpec.Format.values(),
                    AttributeSpec.Format::json,
                    attrPath + ".format",
                    "format")
                .orElse(null);
        if (format != null
            && type != null
            && format != AttributeSpec.Format.TEXT
            && type != SubType.TITLE
            && type != SubType.PLAIN_TEXT
            && type != SubType.ENUM) {
          problem(attrPath + ".format", "applies only to title, plain_text and enum");
        }
      }
      if (id != null && type != null && value != null && section != null && format != null) {
        specs.add(
            new AttributeSpec(
                id,
                name,
                type,
                value,
                section,
                colors,
                Optional.ofNullable(defaultColor),
                maxLength,
                format,
                access.isPublic(attr, attrPath)));
      }
    }
    if (!hasTitle) {
      problem(
          path + ".attributes",
          "needs an attribute with \"id\": \"title\" and \"type\": \"title\"");
    }
    return specs;
  }

  private Map<Integer, String> errors(JsonObject object, String path) {
    Map<Integer, String> errors = new LinkedHashMap<>();
    JsonValue value = object.get("errors");
    if (value == null) {
      return errors;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      problem(path + ".errors", "must map upstream HTTP statuses to messages");
      return errors;
    }
    for (var entry : value.asJsonObject().entrySet()) {
      String errorPath = path + ".errors." + entry.getKey();
      Integer status = null;
      try {
        status = Integer.valueOf(entry.getKey());
      } catch (NumberFormatException e) {
        // reported below
      }
      if (status == null || status < 400 || status > 599) {
        problem(errorPath, "must be keyed by an HTTP error status 400-599");
        continue;
      }
      if (!(entry.getValue() instanceof JsonString s) || s.getString().isBlank()) {
        problem(errorPath, "must be a non-empty message");
        continue;
      }
      errors.put(status, s.getString());
    }
    return errors;
  }

  /** Parses a template and checks that each placeholder can ever have a value. */
  Template template(String text, String path, Set<String> groups, boolean pointersAllowed) {
    Template template = Template.parse(text);
    for (Template.Part part : template.parts()) {
      if (part instanceof Template.Group g) {
        if (groups != null && !groups.contains(g.name())) {
          problem(
              path,
              "uses {"
                  + g.name()
                  + "} but the pattern defines no such named group"
                  + (groups.isEmpty()
                      ? ""
                      : " (it defines "
                          + String.join(", ", groups.stream().sorted().toList())
                          + ")"));
        }
      } else if (part instanceof Template.Pointer p) {
        if (!pointersAllowed) {
          problem(
              path, "cannot use a JSON pointer ({" + p.pointer() + "}): nothing is fetched yet");
        } else if (p.pointer().matches(".*~([^01].*|$)")) {
          problem(path, "{" + p.pointer() + "} has an invalid escape (only ~0 and ~1 exist)");
        } else {
          try {
            JsonP.createPointer(p.pointer());
          } catch (JsonException e) {
            problem(path, "{" + p.pointer() + "} is not a valid JSON pointer");
          }
        }
      } else if (part instanceof Template.ConfigRef c) {
        checkConfig(c.key(), path);
      } else if (part instanceof Template.MetaRef m) {
        if (!metaAllowed) {
          problem(path, "uses {meta:" + m.key() + "}, which only an html-meta source has");
        }
      } else if (part instanceof Template.AccountRef a) {
        if (!Template.ACCOUNT_FIELDS.contains(a.field())) {
          problem(
              path,
              "{account:"
                  + a.field()
                  + "} is unknown; use "
                  + String.join(
                      ", ",
                      Template.ACCOUNT_FIELDS.stream().map(f -> "{account:" + f + "}").toList()));
        }
      }
    }
    return template;
  }

  private void checkConfig(String key, String path) {
    if (path == null) {
      return;
    }
    Optional<String> refused = reach.refusal(key);
    if (refused.isPresent()) {
      problem(path, refused.get());
    } else if (config.apply(key).isEmpty()) {
      problem(path, "uses {config:" + key + "} but that configuration key is not set");
    }
  }

  /** Replaces {@code {config:key}} by its value (regex-quoted in patterns). */
  String expandConfig(String text, String path, boolean quote) {
    Matcher m = CONFIG_REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      checkConfig(m.group(1), path);
      String value = config.apply(m.group(1)).orElse("");
      m.appendReplacement(out, Matcher.quoteReplacement(quote ? Pattern.quote(value) : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Starts with {@code ^} and ends with an unescaped {@code $} (or {@code \\z}). */
  static boolean anchored(String pattern) {
    if (!pattern.startsWith("^")) {
      return false;
    }
    if (pattern.endsWith("\\z") || pattern.endsWith("\\Z")) {
      return true;
    }
    if (!pattern.endsWith("$")) {
      return false;
    }
    int backslashes = 0;
    for (int i = pattern.length() - 2; i >= 0 && pattern.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 0;
  }

  static List<String> groupNames(String pattern) {
    List<String> names = new ArrayList<>();
    Matcher m = GROUP_NAME.matcher(pattern);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  void unknownKeys(JsonObject object, Set<String> known, String path) {
    for (String key : object.keySet()) {
      if (!known.contains(key)) {
        problem(
            path + "." + key,
            "is not a known field (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  String requiredString(JsonObject object, String key, String path) {
    JsonValue value = object.get(key);
    if (value == null) {
      problem(path + "." + key, "is required");
      return null;
    }
    if (!(value instanceof JsonString s) || s.getString().isBlank()) {
      problem(path + "." + key, "must be a non-empty string");
      return null;
    }
    return s.getString();
  }

  String optionalString(JsonObject object, String key, String path) {
    JsonValue value = object.get(key);
    if (value == null) {
      return null;
    }
    return requiredString(object, key, path);
  }

  JsonArray array(JsonObject object, String key, String path, boolean required) {
    JsonValue value = object.get(key);
    if (value == null) {
      if (required) {
        problem(path + "." + key, "is required");
      }
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      problem(path + "." + key, "must be an array");
      return null;
    }
    return value.asJsonArray();
  }

  private Integer integer(JsonObject object, String key, String path, int min, int max) {
    JsonValue value = object.get(key);
    if (!(value instanceof JsonNumber n)
        || !n.isIntegral()
        || n.longValue() < min
        || n.longValue() > max) {
      problem(path + "." + key, "must be a whole number from " + min + " to " + max);
      return null;
    }
    return n.intValue();
  }

  private Duration optionalDuration(JsonObject object, String key, String path) {
    String text = optionalString(object, key, path);
    if (text == null) {
      return null;
    }
    Duration d = duration(text, path + "." + key);
    if (d != null && (d.isZero() || d.isNegative())) {
      problem(path + "." + key, "must be positive");
      return null;
    }
    return d;
  }

  private Duration duration(String text, String path) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      problem(path, "\"" + text + "\" is not an ISO-8601 duration such as PT5M or PT30S");
      return null;
    }
  }

  void problem(String path, String message) {
    problems.add(path + ": " + message);
  }
}
