package io.previewbridge.sources.control;

import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Fetch;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.entity.Restriction;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.sources.spi.PreviewOutcome;
import io.previewbridge.sources.spi.PreviewRequest;
import io.previewbridge.sources.spi.PreviewSource;
import io.previewbridge.unfurl.entity.AttributeProblem;
import io.previewbridge.unfurl.entity.AttributeValidator;
import io.previewbridge.unfurl.entity.Attributes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes a preview of one matched uri for one account: fetches the source's JSON (or, for {@code
 * html-meta}, the pasted page; for {@code java}, asks its {@link PreviewSource} bean), maps it onto
 * attributes, adds {@code dev}, and validates the result against Notion's rules. Every way this can
 * fail becomes a {@link PreviewResult.Failure} that Notion can show, never an exception.
 *
 * <p>Logs name the source and its URL template, never the rendered URL or header values: both may
 * carry {@code {config:...}} secrets.
 */
@ApplicationScoped
public class PreviewBuilder {

  private static final Logger LOG = Logger.getLogger(PreviewBuilder.class.getName());

  /**
   * What Notion shows for an upstream status the source's {@code errors} does not name. 403, 404,
   * 410 and 451 say something about the item and are shown with their own status; the others are
   * passing trouble on the source's side, shown as 502 (504 for a timeout) with their message.
   */
  static final Map<Integer, String> DEFAULT_MESSAGES =
      Map.ofEntries(
          Map.entry(400, "The source could not understand the request for this item"),
          Map.entry(401, "PreviewBridge could not sign in to the source"),
          Map.entry(403, "You do not have access to this item"),
          Map.entry(404, "This item does not exist (any more)"),
          Map.entry(405, "The source does not answer this kind of request"),
          Map.entry(408, "The source did not answer in time"),
          Map.entry(409, "The item is being changed; try again shortly"),
          Map.entry(410, "This item has been deleted"),
          Map.entry(422, "The source could not process the request for this item"),
          Map.entry(429, "The source is busy (too many requests); try again shortly"),
          Map.entry(451, "This item is unavailable for legal reasons"),
          Map.entry(500, "The source had an internal error"),
          Map.entry(502, "The source's own upstream failed"),
          Map.entry(503, "The source is unavailable right now"),
          Map.entry(504, "The source's own upstream did not answer in time"));

  /** Statuses that are a state of the item, worth pushing to Notion when they appear. */
  static final java.util.Set<Integer> DEFINITIVE = java.util.Set.of(403, 404, 410, 451);

  @Inject Fetcher fetcher;
  @Inject SourceRegistry registry;
  @Inject HtmlPages pages;
  @Inject PersonalTokens personalTokens;
  @Inject @Any Instance<PreviewSource> javaSources;

  /** Only the keys sources may use ({@link SourcesConfig}); no other value is ever read. */
  Function<String, Optional<String>> config = key -> serverConfig().value(key);

  private volatile SourcesConfig serverConfig;

  /** The server's configuration as sources see it, read when first needed (not at construction). */
  private SourcesConfig serverConfig() {
    SourcesConfig reach = serverConfig;
    if (reach == null) {
      reach =
          SourcesConfig.of(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
      serverConfig = reach;
    }
    return reach;
  }

  public PreviewBuilder() {}

  /** For tests, without a container. */
  PreviewBuilder(
      Fetcher fetcher, SourceRegistry registry, Function<String, Optional<String>> config) {
    this.fetcher = fetcher;
    this.registry = registry;
    this.config = SourcesConfig.of(config).lookup();
    this.pages = new HtmlPages(fetcher);
  }

  /** For tests, without a container: java sources come from {@code beans}. */
  PreviewBuilder(
      Fetcher fetcher,
      SourceRegistry registry,
      Function<String, Optional<String>> config,
      HtmlPages pages,
      Function<String, Optional<PreviewSource>> beans) {
    this(fetcher, registry, config);
    this.pages = pages;
    this.beanLookup = beans;
  }

  private Function<String, Optional<PreviewSource>> beanLookup;

  public PreviewResult build(Source.Match match, Requester requester) {
    Source source = match.source();
    Optional<String> token = Optional.empty();
    if (source.auth().asPerson()) {
      PersonalTokens.Outcome outcome = personalToken(source, requester);
      if (outcome instanceof PersonalTokens.NoToken none) {
        LOG.info(
            () ->
                "Source "
                    + source.id()
                    + ": no "
                    + source.auth().kind().json()
                    + " token for account "
                    + (requester == null ? null : requester.id())
                    + " ("
                    + none.failure().message()
                    + ")");
        return none.failure();
      }
      token = Optional.of(((PersonalTokens.Token) outcome).value());
    }
    return switch (source.kind()) {
      case JAVA -> fromBean(source, match, requester, token);
      case HTML_META -> fromPage(source, match, requester);
      case JSON -> fromJson(source, match, requester, token);
    };
  }

  private PersonalTokens.Outcome personalToken(Source source, Requester requester) {
    if (personalTokens == null) {
      return new PersonalTokens.NoToken(
          new PreviewResult.Failure(500, "The preview could not be built", false));
    }
    return personalTokens.tokenFor(source.auth(), requester);
  }

  /**
   * The upstream answered a restricted {@code status} (one the source's {@code restricted} rule
   * names): there is no document, only the fact that the object is private.
   */
  private record RestrictedStatus(int status) {}

  private PreviewResult fromJson(
      Source source, Source.Match match, Requester requester, Optional<String> token) {
    JsonStructure json = null;
    boolean restricted = false;
    if (source.fetch().isPresent()) {
      Fetch fetch = source.fetch().get();
      Object fetched = fetch(source, fetch, match, requester, token);
      if (fetched instanceof PreviewResult.Failure failure) {
        return failure;
      }
      if (fetched instanceof RestrictedStatus) {
        restricted = true;
      } else {
        json = (JsonStructure) fetched;
      }
    }
    JsonStructure document = json;
    Function<Template.Part, Optional<String>> values =
        part -> {
          if (part instanceof Template.Pointer p) {
            return document == null
                ? Optional.empty()
                : AttributeMapper.pointer(document, p.pointer());
          }
          return value(part, match, requester);
        };
    Restriction rule = source.restricted();
    if (!restricted && rule.value().isPresent()) {
      Template.Rendered rendered = rule.value().get().render(values);
      restricted =
          rule.marks(rendered.entirelyMissing() ? Optional.empty() : Optional.of(rendered.text()));
    }
    if (restricted) {
      switch (rule.policy()) {
        case DENY:
          return new PreviewResult.Failure(403, rule.message(), true);
        case LIMITED:
          return limited(source, rule, values);
        case ALLOW:
          if (document == null) {
            return new PreviewResult.Failure(403, rule.message(), true);
          }
          break;
      }
    }
    return attributes(source, values);
  }

  /**
   * A restricted object's card under the {@code limited} policy: the attributes marked {@code
   * public} only, and a lock before the title (its own if that is public, else the rule's).
   */
  private PreviewResult limited(
      Source source, Restriction rule, Function<Template.Part, Optional<String>> values) {
    JsonArrayBuilder attributes = JsonP.createArrayBuilder();
    boolean hasTitle = false;
    for (AttributeSpec spec : source.attributes()) {
      boolean title = spec.id().equals(Attributes.TITLE_ID);
      if (!spec.isPublic()) {
        continue;
      }
      AttributeSpec shown = title ? locked(spec, spec.value()) : spec;
      Optional<JsonObject> attribute = AttributeMapper.render(shown, values);
      if (attribute.isPresent()) {
        attributes.add(attribute.get());
        hasTitle |= title;
      }
    }
    if (!hasTitle) {
      AttributeSpec title =
          source.attributes().stream()
              .filter(a -> a.id().equals(Attributes.TITLE_ID))
              .findFirst()
              .orElseThrow();
      Optional<JsonObject> fallback = AttributeMapper.render(locked(title, rule.title()), values);
      fallback.ifPresent(attributes::add);
      hasTitle = fallback.isPresent();
    }
    return finish(source, attributes, hasTitle);
  }

  private static AttributeSpec locked(AttributeSpec title, Template text) {
    return new AttributeSpec(
        title.id(),
        title.name(),
        title.type(),
        Template.parse(Restriction.LOCK + text.source()),
        title.section(),
        title.colors(),
        title.defaultColor(),
        title.maxLength(),
        title.format(),
        true);
  }

  /** An html-meta source: the pasted page's own metadata. */
  private PreviewResult fromPage(Source source, Source.Match match, Requester requester) {
    URI uri;
    try {
      uri = URI.create(match.uri().strip());
    } catch (IllegalArgumentException e) {
      return new PreviewResult.Failure(400, "This link is not a valid address", true);
    }
    HtmlPages.Loaded loaded = pages.load(uri);
    if (loaded instanceof HtmlPages.NotLoaded notLoaded) {
      Fetcher.Outcome outcome = notLoaded.outcome();
      LOG.info(
          () ->
              "Source "
                  + source.id()
                  + " (html-meta): "
                  + (outcome instanceof Fetcher.Failed f
                      ? f.detail()
                      : "HTTP " + ((Fetcher.UpstreamStatus) outcome).status()));
      return failureOf(source, outcome);
    }
    HtmlPages.Page page = (HtmlPages.Page) loaded;
    Map<String, String> meta =
        HtmlMetaExtractor.extract(page.body(), page.contentType(), page.url());
    return attributes(
        source,
        part -> {
          if (part instanceof Template.MetaRef m) {
            return HtmlMetaExtractor.field(meta, m.key());
          }
          return value(part, match, requester);
        });
  }

  /** A java source: its {@link PreviewSource} bean. */
  private PreviewResult fromBean(
      Source source, Source.Match match, Requester requester, Optional<String> token) {
    String name = source.bean().orElse("");
    Optional<PreviewSource> bean = bean(name);
    if (bean.isEmpty()) {
      LOG.severe(() -> "Source " + source.id() + ": no PreviewSource named " + name);
      return new PreviewResult.Failure(500, "The preview could not be built", false);
    }
    Requester who = requester == null ? Requester.NOBODY : requester;
    PreviewOutcome outcome;
    try {
      outcome =
          bean.get()
              .preview(
                  new PreviewRequest(
                      source.id(),
                      match.uri(),
                      match.groups(),
                      new PreviewRequest.Account(who.id(), who.username(), who.email()),
                      token));
    } catch (RuntimeException e) {
      LOG.log(
          java.util.logging.Level.WARNING,
          "Source " + source.id() + ": PreviewSource " + name + " failed",
          e);
      return new PreviewResult.Failure(500, "The preview could not be built", false);
    }
    if (outcome instanceof PreviewOutcome.Error error) {
      return new PreviewResult.Failure(error.status(), error.message(), error.status() < 500);
    }
    if (!(outcome instanceof PreviewOutcome.Preview preview) || preview.attributes() == null) {
      LOG.warning(() -> "Source " + source.id() + ": PreviewSource " + name + " answered nothing");
      return new PreviewResult.Failure(500, "The preview could not be built", false);
    }
    JsonArrayBuilder attributes = JsonP.createArrayBuilder();
    boolean hasTitle = false;
    for (var value : preview.attributes()) {
      if (value instanceof JsonObject attribute
          && !Attributes.DEV_ID.equals(attribute.getString("id", null))) {
        attributes.add(attribute);
        hasTitle |= Attributes.TITLE_ID.equals(attribute.getString("id", null));
      }
    }
    return finish(source, attributes, hasTitle);
  }

  private Optional<PreviewSource> bean(String name) {
    if (beanLookup != null) {
      return beanLookup.apply(name);
    }
    for (PreviewSource candidate : javaSources) {
      if (name.equals(candidate.name())) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private PreviewResult attributes(
      Source source, Function<Template.Part, Optional<String>> values) {
    JsonArrayBuilder attributes = JsonP.createArrayBuilder();
    boolean hasTitle = false;
    for (AttributeSpec spec : source.attributes()) {
      Optional<JsonObject> attribute = AttributeMapper.render(spec, values);
      if (attribute.isPresent()) {
        attributes.add(attribute.get());
        hasTitle |= spec.id().equals(Attributes.TITLE_ID);
      }
    }
    return finish(source, attributes, hasTitle);
  }

  /** Adds {@code dev} and checks the whole array against Notion's rules. */
  private PreviewResult finish(Source source, JsonArrayBuilder attributes, boolean hasTitle) {
    if (!hasTitle) {
      LOG.warning(() -> "Source " + source.id() + ": the answer for a preview has no title");
      return new PreviewResult.Failure(
          502, "The source's answer has no title for this item", false);
    }
    attributes.add(Attributes.dev(registry.developerName()));
    JsonArray result = attributes.build();
    List<AttributeProblem> problems = AttributeValidator.validate(result);
    if (!problems.isEmpty()) {
      LOG.severe(
          () -> "Source " + source.id() + " built attributes Notion would refuse: " + problems);
      return new PreviewResult.Failure(500, "The preview could not be built", false);
    }
    return new PreviewResult.Attributes(result);
  }

  /**
   * The fetched JSON, a {@link RestrictedStatus}, or the failure to show instead. A fetch that
   * carries the person's token and gets 401 tries once more with a fresh token (the upstream may
   * have revoked the one it had); a second 401 is the answer.
   */
  private Object fetch(
      Source source, Fetch fetch, Source.Match match, Requester requester, Optional<String> token) {
    Object first = fetchOnce(source, fetch, match, requester, token);
    if (token.isPresent() && first instanceof Unauthorized && personalTokens != null) {
      personalTokens.distrust(source.auth(), requester);
      PersonalTokens.Outcome fresh = personalTokens.tokenFor(source.auth(), requester);
      if (fresh instanceof PersonalTokens.NoToken none) {
        return none.failure();
      }
      Object second =
          fetchOnce(
              source, fetch, match, requester, Optional.of(((PersonalTokens.Token) fresh).value()));
      return second instanceof Unauthorized u ? u.failure() : second;
    }
    return first instanceof Unauthorized u ? u.failure() : first;
  }

  /** A 401 to a person's token, with the failure it is if a fresh token does not help. */
  private record Unauthorized(PreviewResult.Failure failure) {}

  private Object fetchOnce(
      Source source, Fetch fetch, Source.Match match, Requester requester, Optional<String> token) {
    Function<Template.Part, Optional<String>> values = part -> value(part, match, requester);
    Template.Rendered url = fetch.url().render(values, PreviewBuilder::urlEncoding);
    Map<String, String> headers = new LinkedHashMap<>();
    boolean complete = url.complete();
    for (var header : fetch.headers().entrySet()) {
      Template.Rendered value = header.getValue().render(values);
      complete &= value.complete();
      headers.put(header.getKey(), value.text());
    }
    // only to the declared host: the Fetcher drops every header when a redirect leaves the origin
    token.ifPresent(t -> headers.put("Authorization", "Bearer " + t));
    String body = null;
    if (fetch.body() != null) {
      Template.Rendered rendered = fetch.body().render(values, PreviewBuilder::jsonEncoding);
      complete &= rendered.complete();
      body = rendered.text();
    }
    if (!complete) {
      LOG.info(
          () -> "Source " + source.id() + ": a fetch placeholder has no value for this account");
      return new PreviewResult.Failure(
          403, "This preview needs account details PreviewBridge does not have", false);
    }
    URI uri;
    try {
      uri = URI.create(url.text());
    } catch (IllegalArgumentException e) {
      LOG.warning(
          () -> "Source " + source.id() + ": fetch url " + fetch.url() + " renders no valid URI");
      return new PreviewResult.Failure(
          502, "The source's address is not valid for this link", false);
    }
    Fetcher.Limits d = fetcher.defaults();
    Fetcher.Limits limits =
        new Fetcher.Limits(
            fetch.connectTimeout() != null ? fetch.connectTimeout() : d.connectTimeout(),
            fetch.readTimeout() != null ? fetch.readTimeout() : d.readTimeout(),
            fetch.maxBytes() != null ? fetch.maxBytes() : d.maxBytes(),
            fetch.maxRedirects() != null ? fetch.maxRedirects() : d.maxRedirects());
    DestinationPolicy policy =
        DestinationPolicy.of(
            DestinationPolicy.declaredHost(fetch.url(), values).orElse(null),
            fetch.allowPrivateNetwork(),
            fetch.allowedDestinations());
    Fetcher.Outcome outcome =
        fetcher.fetch(new Fetcher.Request(fetch.method(), uri, headers, body, limits, policy));
    if (outcome instanceof Fetcher.Fetched fetched) {
      return fetched.json();
    }
    if (outcome instanceof Fetcher.UpstreamStatus upstream
        && source.restricted().statuses().contains(upstream.status())) {
      return new RestrictedStatus(upstream.status());
    }
    PreviewResult.Failure failure = failureOf(source, outcome);
    if (token.isPresent()
        && outcome instanceof Fetcher.UpstreamStatus upstream
        && upstream.status() == 401) {
      return new Unauthorized(failure);
    }
    LOG.info(
        () ->
            "Source "
                + source.id()
                + " ("
                + fetch.url()
                + "): "
                + (outcome instanceof Fetcher.Failed f
                    ? f.detail()
                    : "HTTP " + ((Fetcher.UpstreamStatus) outcome).status()));
    return failure;
  }

  /**
   * Maps an unusable fetch onto Notion's error operation: 404, 403 and 410 (and any status the
   * source names in {@code errors}) are definitive with the source's message; the rest is passing
   * trouble, shown as 502 or 504.
   */
  static PreviewResult.Failure failureOf(Source source, Fetcher.Outcome outcome) {
    if (outcome instanceof Fetcher.UpstreamStatus upstream) {
      int status = upstream.status();
      String configured = source.errors().get(status);
      if (configured != null) {
        return new PreviewResult.Failure(status, configured, true);
      }
      String message = DEFAULT_MESSAGES.get(status);
      if (DEFINITIVE.contains(status)) {
        return new PreviewResult.Failure(status, message, true);
      }
      if (message == null) {
        message =
            status >= 500
                ? "The source had an error (HTTP " + status + ")"
                : "The source refused the request for this item (HTTP " + status + ")";
      }
      return new PreviewResult.Failure(status == 504 || status == 408 ? 504 : 502, message, false);
    }
    Fetcher.Failed failed = (Fetcher.Failed) outcome;
    return switch (failed.reason()) {
      case TIMEOUT -> new PreviewResult.Failure(504, "The source did not answer in time", false);
      case TOO_LARGE -> new PreviewResult.Failure(502, "The source's answer is too large", false);
      case NOT_JSON -> new PreviewResult.Failure(502, "The source's answer is not JSON", false);
      case NOT_HTML -> new PreviewResult.Failure(502, "The link is not an HTML page", false);
      case TOO_MANY_REDIRECTS, BAD_REDIRECT ->
          new PreviewResult.Failure(502, "The source redirected too often or nowhere", false);
      case UNREACHABLE -> new PreviewResult.Failure(502, "The source could not be reached", false);
      case DESTINATION_REFUSED ->
          new PreviewResult.Failure(
              502, "The source's address is not an allowed destination", false);
    };
  }

  private Optional<String> value(Template.Part part, Source.Match match, Requester requester) {
    if (part instanceof Template.Group g) {
      return Optional.ofNullable(match.groups().get(g.name()));
    }
    if (part instanceof Template.ConfigRef c) {
      return config.apply(c.key());
    }
    if (part instanceof Template.AccountRef a) {
      return Optional.ofNullable(requester == null ? null : requester.field(a.field()));
    }
    return Optional.empty();
  }

  /**
   * In a URL, text from the pasted link or the account is percent-encoded so that it cannot change
   * the host or path structure; configuration values are the admin's and stay as they are.
   */
  static UnaryOperator<String> urlEncoding(Template.Part part) {
    if (part instanceof Template.ConfigRef) {
      return UnaryOperator.identity();
    }
    return value -> URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** In a JSON body, such text is escaped so that it stays inside its string. */
  static UnaryOperator<String> jsonEncoding(Template.Part part) {
    if (part instanceof Template.ConfigRef) {
      return UnaryOperator.identity();
    }
    return value -> {
      String quoted = JsonP.createValue(value).toString();
      return quoted.substring(1, quoted.length() - 1);
    };
  }
}
