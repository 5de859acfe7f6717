package io.previewbridge.sources.control;

import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.SystemReady;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.Sources;
import io.previewbridge.sources.spi.PreviewSource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The sources PreviewBridge answers for, loaded and checked once at start-up from {@code
 * previewbridge.sources} (a file path, or {@code classpath:...} for a resource in the WAR). A bad
 * file fails the deployment with every problem listed.
 */
@ApplicationScoped
public class SourceRegistry {

  private static final Logger LOG = Logger.getLogger(SourceRegistry.class.getName());
  static final String SOURCES_KEY = "previewbridge.sources";
  static final String DEVELOPER_NAME_KEY = "previewbridge.developer-name";

  @Inject @Any Instance<PreviewSource> javaSources;

  /** Receives the file's {@code providers}; null outside a container. */
  @Inject AuthServers authServers;

  private volatile Sources sources;
  private volatile String developerName;

  void load(@Observes @Priority(SystemReady.CONFIGURATION) SystemReady ready) {
    Config config = ConfigProvider.getConfig();
    String location = config.getOptionalValue(SOURCES_KEY, String.class).orElse("");
    if (location.isBlank()) {
      throw new ConfigurationProblem(SOURCES_KEY, "is not set (env var PREVIEWBRIDGE_SOURCES)");
    }
    load(
        read(location),
        location,
        config.getOptionalValue(DEVELOPER_NAME_KEY, String.class),
        key -> config.getOptionalValue(key, String.class),
        beanNames());
    LOG.info(
        () ->
            "Sources from "
                + location
                + ": "
                + sources.sources().stream().map(Source::id).toList()
                + ", developer name \""
                + developerName
                + "\"");
  }

  /**
   * The names of the deployed {@link PreviewSource} beans. Two beans with one name would make a
   * source's meaning depend on deployment order: that stops the start.
   */
  Set<String> beanNames() {
    Set<String> names = new TreeSet<>();
    List<String> duplicates = new ArrayList<>();
    for (PreviewSource bean : javaSources) {
      String name = bean.name();
      if (name == null || name.isBlank()) {
        throw new ConfigurationProblem(
            SOURCES_KEY, "PreviewSource " + bean.getClass().getName() + " has no name()");
      }
      if (!names.add(name)) {
        duplicates.add(name);
      }
    }
    if (!duplicates.isEmpty()) {
      throw new ConfigurationProblem(
          SOURCES_KEY, "more than one PreviewSource bean is named " + duplicates);
    }
    return names;
  }

  /** Parses and installs {@code json}; visible for tests. */
  void load(
      String json,
      String origin,
      Optional<String> configuredDeveloperName,
      Function<String, Optional<String>> config) {
    load(json, origin, configuredDeveloperName, config, null);
  }

  /** Parses and installs {@code json}, checking {@code bean} names against {@code beans}. */
  void load(
      String json,
      String origin,
      Optional<String> configuredDeveloperName,
      Function<String, Optional<String>> config,
      Set<String> beans) {
    boolean nameConfigured = configuredDeveloperName.filter(n -> !n.isBlank()).isPresent();
    Sources parsed = SourcesParser.parse(json, SOURCES_KEY, origin, config, nameConfigured, beans);
    String name =
        configuredDeveloperName
            .filter(n -> !n.isBlank())
            .orElse(parsed.developerName() == null ? "" : parsed.developerName());
    if (name.isBlank()) {
      throw new ConfigurationProblem(
          DEVELOPER_NAME_KEY,
          "is not set and the sources file has no \"developerName\": Notion requires the dev"
              + " attribute (env var PREVIEWBRIDGE_DEVELOPER_NAME)");
    }
    this.developerName = name;
    this.sources = parsed;
    if (authServers != null) {
      authServers.useProviders(parsed.providers());
    }
  }

  /** A registry of {@code json}, outside a container (tests, tools). */
  public static SourceRegistry of(
      String json,
      Optional<String> configuredDeveloperName,
      Function<String, Optional<String>> config) {
    SourceRegistry registry = new SourceRegistry();
    registry.load(json, "inline", configuredDeveloperName, config);
    return registry;
  }

  static String read(String location) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
          loader = SourceRegistry.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
          if (in == null) {
            throw new ConfigurationProblem(
                SOURCES_KEY, "names a resource that does not exist: " + location);
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      Path path = Path.of(location);
      if (!Files.isRegularFile(path)) {
        throw new ConfigurationProblem(
            SOURCES_KEY, "names a file that does not exist: " + path.toAbsolutePath());
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationProblem(
          SOURCES_KEY, "cannot be read (" + location + "): " + e.getMessage());
    }
  }

  public Optional<Source.Match> match(String uri) {
    return sources().match(uri);
  }

  /** Every source, in file order (the Notion settings list them). */
  public List<Source> all() {
    return sources().sources();
  }

  public Optional<Source> byId(String id) {
    return sources().byId(id);
  }

  public String developerName() {
    sources();
    return developerName;
  }

  private Sources sources() {
    Sources current = sources;
    if (current == null) {
      throw new IllegalStateException("the sources are not loaded yet");
    }
    return current;
  }
}
