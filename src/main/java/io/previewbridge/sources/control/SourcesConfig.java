package io.previewbridge.sources.control;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configuration values a sources file may use with {@code {config:key}}: keys under {@value
 * #VALUES_PREFIX}, keys the platform admin lists in {@value #LISTED} (comma-separated), and
 * PreviewBridge's two public addresses ({@code previewbridge.public-url}, {@code
 * previewbridge.demo.upstream-url}). Nothing else: not PreviewBridge's own settings (its encryption
 * key, client secrets, webhook secret, database password), not the server's.
 *
 * <p>Whoever may submit a sources file (the console's check and try endpoints take one) could
 * otherwise make any value of the server's configuration appear in a card, a problem text or a
 * fetch to a host of their choosing. A key that is not reachable is a problem of the file, named by
 * its JSON path; its value is never read, and no value ever appears in a problem.
 */
public final class SourcesConfig {

  /** Keys under this prefix are meant for sources. */
  public static final String VALUES_PREFIX = "previewbridge.sources.values.";

  /** Further keys the platform admin opens to sources, comma-separated. */
  public static final String LISTED = "previewbridge.sources.config-keys";

  /** PreviewBridge's own keys that are public by nature (addresses, not secrets). */
  static final Set<String> PUBLIC =
      Set.of("previewbridge.public-url", "previewbridge.demo.upstream-url");

  private final Function<String, Optional<String>> config;
  private final Set<String> listed;

  private SourcesConfig(Function<String, Optional<String>> config, Set<String> listed) {
    this.config = config;
    this.listed = listed;
  }

  /** The reach of {@code config}, with the keys it lists under {@value #LISTED}. */
  public static SourcesConfig of(Function<String, Optional<String>> config) {
    Set<String> listed =
        Arrays.stream(config.apply(LISTED).orElse("").split(","))
            .map(String::trim)
            .filter(k -> !k.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    return new SourcesConfig(config, listed);
  }

  /** Why {@code key} may not be used, or empty when it may. */
  public Optional<String> refusal(String key) {
    if (key.startsWith(VALUES_PREFIX) || PUBLIC.contains(key)) {
      return Optional.empty();
    }
    if (key.startsWith("previewbridge.")) {
      return Optional.of(
          "{config:"
              + key
              + "} is one of PreviewBridge's own settings, which sources never see; put the value"
              + " under "
              + VALUES_PREFIX
              + "...");
    }
    if (listed.contains(key)) {
      return Optional.empty();
    }
    return Optional.of(
        "{config:"
            + key
            + "} is not a value meant for sources: name it "
            + VALUES_PREFIX
            + "... or list it in "
            + LISTED);
  }

  /** The value of {@code key} if sources may use it; empty otherwise (never read then). */
  public Optional<String> value(String key) {
    return refusal(key).isEmpty() ? config.apply(key) : Optional.empty();
  }

  /** {@link #value} as a function, for the places that render templates. */
  public Function<String, Optional<String>> lookup() {
    return this::value;
  }
}
