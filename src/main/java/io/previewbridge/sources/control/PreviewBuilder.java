package io.previewbridge.sources.control;

import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Fetch;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.unfurl.entity.AttributeProblem;
import io.previewbridge.unfurl.entity.AttributeValidator;
import io.previewbridge.unfurl.entity.Attributes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
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
 * Makes a preview of one matched uri for one account: fetches the source's JSON, maps it onto
 * attributes, adds {@code dev}, and validates the result against Notion's rules. Every way this can
 * fail becomes a {@link PreviewResult.Failure} that Notion can show, never an exception.
 *
 * <p>Logs name the source and its URL template, never the rendered URL or header values: both may
 * carry {@code {config:...}} secrets.
 */
@ApplicationScoped
public class PreviewBuilder {

  private static final Logger LOG = Logger.getLogger(PreviewBuilder.class.getName());

  static final Map<Integer, String> DEFAULT_MESSAGES =
      Map.of(
          404, "This item does not exist (any more)",
          403, "You do not have access to this item",
          410, "This item has been deleted");

  @Inject Fetcher fetcher;
  @Inject SourceRegistry registry;

  Function<String, Optional<String>> config =
      key -> ConfigProvider.getConfig().getOptionalValue(key, String.class);

  public PreviewBuilder() {}

  /** For tests, without a container. */
  PreviewBuilder(
      Fetcher fetcher, SourceRegistry registry, Function<String, Optional<String>> config) {
    this.fetcher = fetcher;
    this.registry = registry;
    this.config = config;
  }

  public PreviewResult build(Source.Match match, Requester requester) {
    Source source = match.source();
    JsonStructure json = null;
    if (source.fetch().isPresent()) {
      Fetch fetch = source.fetch().get();
      Object fetched = fetch(source, fetch, match, requester);
      if (fetched instanceof PreviewResult.Failure failure) {
        return failure;
      }
      json = (JsonStructure) fetched;
    }
    JsonStructure document = json;
    Function<Template.Part, Optional<String>> values =
        part -> {
          if (part instanceof Template.Pointer p) {
            return AttributeMapper.pointer(document, p.pointer());
          }
          return value(part, match, requester);
        };
    JsonArrayBuilder attributes = Json.createArrayBuilder();
    boolean hasTitle = false;
    for (AttributeSpec spec : source.attributes()) {
      Optional<JsonObject> attribute = AttributeMapper.render(spec, values);
      if (attribute.isPresent()) {
        attributes.add(attribute.get());
        hasTitle |= spec.id().equals(Attributes.TITLE_ID);
      }
    }
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

  /** The fetched JSON, or the failure to show instead. */
  private Object fetch(Source source, Fetch fetch, Source.Match match, Requester requester) {
    Function<Template.Part, Optional<String>> values = part -> value(part, match, requester);
    Template.Rendered url = fetch.url().render(values, PreviewBuilder::urlEncoding);
    Map<String, String> headers = new LinkedHashMap<>();
    boolean complete = url.complete();
    for (var header : fetch.headers().entrySet()) {
      Template.Rendered value = header.getValue().render(values);
      complete &= value.complete();
      headers.put(header.getKey(), value.text());
    }
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
    PreviewResult.Failure failure = failureOf(source, outcome);
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
      if (DEFAULT_MESSAGES.containsKey(status)) {
        return new PreviewResult.Failure(status, DEFAULT_MESSAGES.get(status), true);
      }
      return new PreviewResult.Failure(
          502, "The source answered with an error (HTTP " + status + ")", false);
    }
    Fetcher.Failed failed = (Fetcher.Failed) outcome;
    return switch (failed.reason()) {
      case TIMEOUT -> new PreviewResult.Failure(504, "The source did not answer in time", false);
      case TOO_LARGE -> new PreviewResult.Failure(502, "The source's answer is too large", false);
      case NOT_JSON -> new PreviewResult.Failure(502, "The source's answer is not JSON", false);
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
      String quoted = Json.createValue(value).toString();
      return quoted.substring(1, quoted.length() - 1);
    };
  }
}
