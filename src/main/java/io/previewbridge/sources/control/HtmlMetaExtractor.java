package io.previewbridge.sources.control;

import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads what a web page says about itself, for {@code "kind": "html-meta"} sources: Open Graph
 * ({@code og:*}, {@code article:*}), Twitter cards ({@code twitter:*}), JSON-LD ({@code schema.org}
 * {@code name}/{@code headline}, {@code description}, {@code image}, {@code author}, {@code
 * datePublished}, {@code dateModified}), {@code <title>}, {@code <meta name="description">} and the
 * favicon. jsoup parses the markup (broken markup included) and decodes it with the charset of the
 * {@code Content-Type} header, else of a BOM or {@code <meta charset>}, else UTF-8. URLs are made
 * absolute against {@code <base href>} or the page's own address.
 *
 * <p>The fields, each a {@code {meta:key}} placeholder of the source's attributes:
 *
 * <ul>
 *   <li>Chosen values: {@code title} (og:title, twitter:title, JSON-LD name/headline, {@code
 *       <title>}, else the host), {@code description}, {@code image}, {@code author}, {@code
 *       published}, {@code modified}, {@code siteName} (og:site_name, application-name, else the
 *       host), {@code url} (canonical), {@code favicon} ({@code <link rel=icon>}, apple-touch-icon,
 *       else {@code /favicon.ico}).
 *   <li>Every {@code <meta>} by its {@code property}, {@code name} or {@code itemprop},
 *       lower-cased: {@code {meta:og:title}}, {@code {meta:twitter:card}}, {@code
 *       {meta:article:section}}; the first occurrence wins.
 *   <li>The chosen JSON-LD node as {@code jsonld:type}, {@code jsonld:name}, {@code
 *       jsonld:description}, {@code jsonld:image}, {@code jsonld:author}, {@code
 *       jsonld:datePublished}, {@code jsonld:dateModified}; {@code html:title} for {@code <title>}.
 * </ul>
 */
public final class HtmlMetaExtractor {

  /**
   * The attributes of an html-meta source that declares none: title, site (identifier), author
   * (primary), published and updated (secondary), description (body, 400 characters), favicon
   * (entity) and image (embed). Each is left out when the page does not have it.
   */
  public static final List<AttributeSpec> DEFAULT_ATTRIBUTES =
      List.of(
          spec("title", "Title", SubType.TITLE, "{meta:title}", Section.TITLE, null),
          spec("site", "Site", SubType.PLAIN_TEXT, "{meta:siteName}", Section.IDENTIFIER, null),
          spec("author", "Author", SubType.PLAIN_TEXT, "{meta:author}", Section.PRIMARY, null),
          spec(
              "published",
              "Published",
              SubType.DATETIME,
              "{meta:published}",
              Section.SECONDARY,
              null),
          spec("updated", "Updated", SubType.DATETIME, "{meta:modified}", Section.SECONDARY, null),
          spec(
              "description",
              "Description",
              SubType.PLAIN_TEXT,
              "{meta:description}",
              Section.BODY,
              400),
          spec("favicon", "Icon", SubType.IMAGE, "{meta:favicon}", Section.ENTITY, null),
          spec("image", "Image", SubType.IMAGE, "{meta:image}", Section.EMBED, null));

  /** JSON-LD types that describe the site or the page frame rather than the page's subject. */
  private static final Set<String> FRAME_TYPES =
      Set.of(
          "website",
          "organization",
          "breadcrumblist",
          "searchaction",
          "imageobject",
          "person",
          "sitenavigationelement",
          "wpheader",
          "wpfooter");

  private HtmlMetaExtractor() {}

  private static AttributeSpec spec(
      String id, String name, SubType type, String value, Section section, Integer maxLength) {
    return new AttributeSpec(id, name, type, Template.parse(value), section, Map.of(), maxLength);
  }

  /**
   * The fields of a page.
   *
   * @param body the page's bytes as fetched
   * @param contentType the {@code Content-Type} header, or null; its charset wins over the page's
   * @param page the address the page was fetched from (after redirects), for relative URLs
   */
  public static Map<String, String> extract(byte[] body, String contentType, URI page) {
    Document doc;
    try {
      doc = Jsoup.parse(new ByteArrayInputStream(body), charset(contentType), page.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    URI base = base(doc, page);
    Map<String, String> f = new LinkedHashMap<>();
    for (Element meta : doc.select("meta[content]")) {
      String content = meta.attr("content").strip();
      if (content.isEmpty()) {
        continue;
      }
      for (String attr : List.of("property", "name", "itemprop")) {
        String key = meta.attr(attr).strip().toLowerCase(Locale.ROOT);
        if (!key.isEmpty()) {
          f.putIfAbsent(key, content);
        }
      }
    }
    String htmlTitle = doc.title().strip();
    if (!htmlTitle.isEmpty()) {
      f.put("html:title", htmlTitle);
    }
    jsonLd(doc).ifPresent(node -> jsonLdFields(node, f));
    Map<String, String> chosen = new LinkedHashMap<>();
    first(f, "og:title", "twitter:title", "jsonld:name", "html:title")
        .or(() -> Optional.ofNullable(page.getHost()))
        .ifPresent(v -> chosen.put("title", v));
    first(f, "og:description", "twitter:description", "jsonld:description", "description")
        .ifPresent(v -> chosen.put("description", v));
    first(
            f,
            "og:image:secure_url",
            "og:image",
            "og:image:url",
            "twitter:image",
            "twitter:image:src",
            "jsonld:image")
        .flatMap(v -> absolute(base, v))
        .ifPresent(v -> chosen.put("image", v));
    first(f, "jsonld:author", "author", "twitter:creator", "article:author")
        .ifPresent(v -> chosen.put("author", v));
    first(f, "article:published_time", "jsonld:datepublished", "datepublished")
        .ifPresent(v -> chosen.put("published", v));
    first(f, "article:modified_time", "og:updated_time", "jsonld:datemodified", "datemodified")
        .ifPresent(v -> chosen.put("modified", v));
    first(f, "og:site_name", "application-name")
        .or(() -> Optional.ofNullable(page.getHost()))
        .ifPresent(v -> chosen.put("siteName", v));
    Optional.ofNullable(doc.selectFirst("link[rel=canonical][href]"))
        .map(l -> l.attr("href"))
        .or(() -> first(f, "og:url"))
        .flatMap(v -> absolute(base, v))
        .ifPresent(v -> chosen.put("url", v));
    favicon(doc, base).ifPresent(v -> chosen.put("favicon", v));
    // chosen names are case-sensitive camel case; raw meta keys are lower case
    Map<String, String> all = new LinkedHashMap<>(f);
    all.putAll(chosen);
    return all;
  }

  /** The value of {@code {meta:key}}: chosen fields by name, raw fields case-insensitively. */
  public static Optional<String> field(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null) {
      value = fields.get(key.toLowerCase(Locale.ROOT));
    }
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String name = p.substring(8).replace("\"", "").strip();
        try {
          if (Charset.isSupported(name)) {
            return name;
          }
        } catch (IllegalArgumentException illegal) {
          return null;
        }
      }
    }
    return null;
  }

  private static URI base(Document doc, URI page) {
    Element baseTag = doc.selectFirst("base[href]");
    if (baseTag != null) {
      Optional<String> resolved = absolute(page, baseTag.attr("href"));
      if (resolved.isPresent()) {
        return URI.create(resolved.get());
      }
    }
    return page;
  }

  /** {@code value} resolved against {@code base}; only http(s) results count. */
  static Optional<String> absolute(URI base, String value) {
    String v = value.strip().replace(" ", "%20");
    try {
      URI resolved = base.resolve(v);
      String scheme = resolved.getScheme() == null ? "" : resolved.getScheme();
      if ((scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && resolved.getHost() != null) {
        return Optional.of(resolved.toString());
      }
    } catch (IllegalArgumentException notUri) {
      // not a usable URL
    }
    return Optional.empty();
  }

  private static Optional<String> favicon(Document doc, URI base) {
    Element best = null;
    for (Element link : doc.select("link[rel][href]")) {
      List<String> rels = List.of(link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+"));
      if (rels.contains("icon")) {
        best = link;
        break;
      }
      if (best == null && rels.contains("apple-touch-icon")) {
        best = link;
      }
    }
    if (best != null) {
      Optional<String> url = absolute(base, best.attr("href"));
      if (url.isPresent()) {
        return url;
      }
    }
    return absolute(base, "/favicon.ico");
  }

  private static Optional<String> first(Map<String, String> fields, String... keys) {
    for (String key : keys) {
      String value = fields.get(key);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.strip());
      }
    }
    return Optional.empty();
  }

  /** The JSON-LD node about the page's subject: not the site, publisher or breadcrumbs. */
  private static Optional<JsonObject> jsonLd(Document doc) {
    List<JsonObject> nodes = new ArrayList<>();
    for (Element script : doc.select("script[type=application/ld+json]")) {
      try (JsonReader reader = JsonP.createReader(new StringReader(script.data()))) {
        collect(reader.readValue(), nodes);
      } catch (RuntimeException broken) {
        // a broken block is skipped, as search engines do
      }
    }
    for (JsonObject node : nodes) {
      if (types(node).stream().noneMatch(FRAME_TYPES::contains)) {
        return Optional.of(node);
      }
    }
    return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.get(0));
  }

  private static void collect(JsonValue value, List<JsonObject> nodes) {
    if (value instanceof JsonArray array) {
      array.forEach(v -> collect(v, nodes));
    } else if (value instanceof JsonObject object) {
      if (object.containsKey("@type")) {
        nodes.add(object);
      }
      JsonValue graph = object.get("@graph");
      if (graph != null) {
        collect(graph, nodes);
      }
    }
  }

  private static List<String> types(JsonObject node) {
    JsonValue type = node.get("@type");
    List<String> types = new ArrayList<>();
    if (type instanceof JsonString s) {
      types.add(s.getString().toLowerCase(Locale.ROOT));
    } else if (type instanceof JsonArray a) {
      a.forEach(t -> text(t).ifPresent(x -> types.add(x.toLowerCase(Locale.ROOT))));
    }
    return types;
  }

  private static void jsonLdFields(JsonObject node, Map<String, String> f) {
    types(node).stream().findFirst().ifPresent(t -> f.put("jsonld:type", t));
    text(node.get("name"))
        .or(() -> text(node.get("headline")))
        .ifPresent(v -> f.put("jsonld:name", v));
    text(node.get("description")).ifPresent(v -> f.put("jsonld:description", v));
    nested(node.get("image"), "url").ifPresent(v -> f.put("jsonld:image", v));
    nested(node.get("author"), "name").ifPresent(v -> f.put("jsonld:author", v));
    text(node.get("datePublished")).ifPresent(v -> f.put("jsonld:datepublished", v));
    text(node.get("dateModified")).ifPresent(v -> f.put("jsonld:datemodified", v));
  }

  /** A string, or the {@code key} of an object, or either of the first element of an array. */
  private static Optional<String> nested(JsonValue value, String key) {
    if (value instanceof JsonArray array) {
      return array.isEmpty() ? Optional.empty() : nested(array.get(0), key);
    }
    if (value instanceof JsonObject object) {
      return text(object.get(key));
    }
    return text(value);
  }

  private static Optional<String> text(JsonValue value) {
    return value instanceof JsonString s && !s.getString().isBlank()
        ? Optional.of(s.getString().strip())
        : Optional.empty();
  }
}
