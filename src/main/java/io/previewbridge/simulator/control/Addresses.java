package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where PreviewBridge and the simulator are, by their public URLs only.
 *
 * <p>PreviewBridge's base URL: {@code simulator.previewbridge.url}; unset, the simulator follows
 * {@code previewbridge.public-url} when the JVM has it (the demo runs both applications in one
 * server), else the demo's default address. The fallback is resolved here rather than with a config
 * expression default, because Payara drops the colons of an expression default such as {@code
 * ${previewbridge.public-url:http://localhost:8080}}. The simulator's own base URL: {@code
 * simulator.url}; unset, PreviewBridge's plus {@code /simulator}.
 */
@ApplicationScoped
public class Addresses {

  public static final String DEMO_URL = "http://localhost:8080";

  @Inject
  @ConfigProperty(name = "simulator.previewbridge.url")
  Optional<String> previewBridgeUrl;

  @Inject
  @ConfigProperty(name = "previewbridge.public-url")
  Optional<String> publicUrl;

  @Inject
  @ConfigProperty(name = "simulator.url")
  Optional<String> simulatorUrl;

  public Addresses() {}

  /** For tests, without a container. */
  public Addresses(
      Optional<String> previewBridgeUrl, Optional<String> publicUrl, Optional<String> self) {
    this.previewBridgeUrl = previewBridgeUrl;
    this.publicUrl = publicUrl;
    this.simulatorUrl = self;
  }

  /** PreviewBridge's base URL, without a trailing slash. */
  public String previewBridge() {
    return withoutSlash(previewBridgeUrl.or(() -> publicUrl).orElse(DEMO_URL));
  }

  /** The simulator's base URL, without a trailing slash. */
  public String self() {
    return withoutSlash(simulatorUrl.orElse(previewBridge() + "/simulator"));
  }

  /** Notion's redirect URI as the simulator plays it: its own callback. */
  public String callback() {
    return self() + "/callback";
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
