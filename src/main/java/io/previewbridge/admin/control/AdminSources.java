package io.previewbridge.admin.control;

import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.sources.control.DestinationPolicy;
import io.previewbridge.sources.control.InvalidSources;
import io.previewbridge.sources.control.PreviewBuilder;
import io.previewbridge.sources.control.RequesterLookup;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.control.SourcesConfig;
import io.previewbridge.sources.control.SourcesParser;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.Sources;
import io.previewbridge.sources.entity.Template;
import io.previewbridge.sources.spi.PreviewSource;
import io.previewbridge.unfurl.entity.Operations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The console's view of the sources: what is loaded, a check of a changed sources file with the
 * start-up validator ({@link SourcesParser}, the same configuration and {@code PreviewSource} beans
 * as at start), and "try a URL": the real matching, fetch and mapping as a chosen account would get
 * them from an unfurl, without tracking anything, without the unfurl cache, and without telling
 * Notion.
 */
@ApplicationScoped
public class AdminSources {

  static final String SOURCES_KEY = "previewbridge.sources";
  static final String DEVELOPER_NAME_KEY = "previewbridge.developer-name";
  static final int MAX_URI = 2048;

  /** What trying a URL gave: the source matched (if any) and Notion's operations. */
  public record Tried(String uri, Account account, Optional<Source> source, PreviewResult result) {

    public JsonArray operations() {
      return result.operations();
    }
  }

  /** The verdict on a pasted sources file: its problems (none: valid) and its source ids. */
  public record Checked(List<String> problems, List<String> sourceIds) {}

  @Inject SourceRegistry registry;
  @Inject PreviewBuilder builder;
  @Inject RequesterLookup requesters;
  @Inject Accounts accounts;
  @Inject AuditLog audit;
  @Inject @Any Instance<PreviewSource> javaSources;

  public List<Source> loaded() {
    return registry.all();
  }

  public String developerName() {
    return registry.developerName();
  }

  /** Where the sources file was loaded from (a path or {@code classpath:...}). */
  public String location() {
    return ConfigProvider.getConfig().getOptionalValue(SOURCES_KEY, String.class).orElse("");
  }

  /** The host a source fetches from, as the admin wrote it (empty if none or not literal). */
  public static Optional<String> upstreamHost(Source source) {
    SourcesConfig values =
        SourcesConfig.of(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    return source
        .fetch()
        .flatMap(
            fetch ->
                DestinationPolicy.declaredHost(
                    fetch.url(),
                    part ->
                        part instanceof Template.ConfigRef c
                            ? values.value(c.key())
                            : Optional.empty()));
  }

  /**
   * Builds the preview of {@code uri} as the account {@code username} (or with that id) would get
   * it in Notion, and records that it was tried. Nothing is tracked or cached, and Notion is not
   * called. A source that fetches with the person's own token can be tried only as oneself: the
   * console must not become a way to read what someone else may see.
   */
  public Tried tryUrl(String actor, String uri, String username) {
    List<InvalidInput.Violation> problems = new ArrayList<>();
    String link = uri == null ? "" : uri.trim();
    if (link.isEmpty()) {
      problems.add(new InvalidInput.Violation("url", "is required"));
    } else if (link.length() > MAX_URI || !absolute(link)) {
      problems.add(
          new InvalidInput.Violation(
              "url", "must be an absolute URI of at most " + MAX_URI + " characters"));
    }
    Optional<Account> account = Optional.empty();
    if (username == null || username.isBlank()) {
      problems.add(new InvalidInput.Violation("account", "is required (a username or id)"));
    } else {
      account = accounts.byUsername(username).or(() -> accounts.byId(username.trim()));
      if (account.isEmpty()) {
        problems.add(
            new InvalidInput.Violation("account", "no account is named \"" + username + "\""));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput("The URL cannot be tried.", problems);
    }
    Account who = account.get();
    Optional<Source.Match> match = registry.match(link);
    if (match.isPresent()
        && match.get().source().auth().asPerson()
        && !who.username().equals(actor)) {
      // the fetch would carry that person's own token: an admin sees only what they may see
      throw new AdminConflict(
          "Source "
              + match.get().source().id()
              + " fetches as the person ("
              + match.get().source().auth().kind().json()
              + "): try it as yourself, not as "
              + who.username());
    }
    PreviewResult result =
        match.isPresent()
            ? builder.build(match.get(), requesters.of(who.id(), who.username()))
            : new PreviewResult.Failure(404, "No preview is available for this link", true);
    audit.record(
        actor,
        "source.try",
        link,
        "as "
            + who.username()
            + ": "
            + match.map(m -> "source " + m.source().id()).orElse("no source matches")
            + ", "
            + (result instanceof PreviewResult.Failure f
                ? "error " + f.status() + " " + f.message()
                : "attributes"));
    return new Tried(link, who, match.map(Source.Match::source), result);
  }

  /** The whole unfurl answer Notion would get for a tried URL. */
  public static jakarta.json.JsonObject unfurlAnswer(Tried tried) {
    return Operations.body(tried.uri(), tried.operations());
  }

  /**
   * Checks {@code json} as the server would check it at start: the same parser, this server's
   * configuration for {@code {config:...}} values and the developer name, and its deployed {@code
   * PreviewSource} beans. Nothing is loaded.
   */
  public Checked check(String json) {
    Config config = ConfigProvider.getConfig();
    Optional<String> configuredName =
        config.getOptionalValue(DEVELOPER_NAME_KEY, String.class).filter(n -> !n.isBlank());
    Function<String, Optional<String>> values = key -> config.getOptionalValue(key, String.class);
    try {
      Sources sources =
          SourcesParser.parse(
              json, SOURCES_KEY, "pasted", values, configuredName.isPresent(), beanNames());
      if (configuredName.isEmpty()
          && (sources.developerName() == null || sources.developerName().isBlank())) {
        return new Checked(
            List.of(
                "$.developerName: is required when previewbridge.developer-name is not set:"
                    + " Notion requires the dev attribute"),
            List.of());
      }
      return new Checked(List.of(), sources.sources().stream().map(Source::id).toList());
    } catch (InvalidSources invalid) {
      return new Checked(invalid.problems(), List.of());
    } catch (ConfigurationProblem problem) {
      return new Checked(List.of("$: " + problem.getMessage()), List.of());
    }
  }

  private Set<String> beanNames() {
    Set<String> names = new TreeSet<>();
    for (PreviewSource bean : javaSources) {
      if (bean.name() != null && !bean.name().isBlank()) {
        names.add(bean.name());
      }
    }
    return names;
  }

  private static boolean absolute(String uri) {
    try {
      URI parsed = new URI(uri);
      return parsed.isAbsolute() && parsed.getScheme() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
