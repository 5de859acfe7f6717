package io.previewbridge.platform.control;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Checks the keys PreviewBridge cannot run without, then tells the admin in the log what to type
 * into Notion's integration settings. Secrets are never logged, only whether they are set.
 */
@ApplicationScoped
public class StartupReport {

  private static final Logger LOG = Logger.getLogger(StartupReport.class.getName());

  static final List<String> REQUIRED =
      List.of(
          "previewbridge.oauth.client-id",
          "previewbridge.oauth.client-secret",
          "previewbridge.notion.client-id",
          "previewbridge.notion.client-secret",
          "previewbridge.sources");

  void checkConfiguration(@Observes @Priority(SystemReady.CONFIGURATION) SystemReady ready) {
    Config config = ConfigProvider.getConfig();
    List<String> problems = new ArrayList<>();
    for (String key : REQUIRED) {
      Optional<String> value = config.getOptionalValue(key, String.class);
      if (value.isEmpty() || value.get().isBlank()) {
        problems.add(key + " is not set (env var " + envName(key) + ")");
      }
    }
    String publicUrl = config.getValue("previewbridge.public-url", String.class);
    if (!publicUrl.matches("https?://[^/\\s]+(/\\S*)?")) {
      problems.add("previewbridge.public-url is not an http(s) URL: " + publicUrl);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationProblem(
          "configuration", "is incomplete:\n  - " + String.join("\n  - ", problems));
    }
  }

  void report(@Observes @Priority(SystemReady.REPORT) SystemReady ready) {
    Config config = ConfigProvider.getConfig();
    String base = baseUrl(config.getValue("previewbridge.public-url", String.class));
    boolean demo = config.getOptionalValue("previewbridge.demo", Boolean.class).orElse(false);
    StringBuilder text = new StringBuilder();
    text.append("\n\nPreviewBridge is ready at ").append(base).append('/');
    text.append("\nEnter these in Notion's integration settings (Link Preview tab):");
    text.append("\n  OAuth Authorize URL:         ").append(base).append("/notion/authorize");
    text.append("\n  OAuth Token URL:             ").append(base).append("/notion/token");
    text.append("\n  Deleted Token Callback URL:  ").append(base).append("/notion/deleted");
    text.append("\n  Unfurl Callback URL:         ").append(base).append("/notion/unfurl");
    text.append("\n  OAuth Client ID:             ")
        .append(config.getValue("previewbridge.oauth.client-id", String.class));
    text.append("\n  OAuth Client Secret:         (previewbridge.oauth.client-secret, not logged)");
    String mode =
        config.getOptionalValue("previewbridge.identity.mode", String.class).orElse("built-in");
    if (mode.trim().equalsIgnoreCase("built-in")) {
      text.append("\nPeople sign in with built-in accounts (previewbridge.identity.mode).");
    } else {
      text.append("\nPeople sign in at the OpenID Connect provider ")
          .append(
              config
                  .getOptionalValue("previewbridge.identity.oidc.issuer", String.class)
                  .orElse("?"))
          .append(mode.trim().equalsIgnoreCase("both") ? " or with built-in accounts" : "")
          .append("; its redirect URI for PreviewBridge: ")
          .append(base)
          .append("/signin/oidc/callback");
    }
    if (demo) {
      text.append("\nDemo mode: sample product at ").append(base).append("/demo");
      text.append(", simulator at ").append(base).append("/simulator");
      text.append(", sign in as demo/demo.");
    }
    text.append('\n');
    LOG.info(text::toString);
  }

  static String baseUrl(String publicUrl) {
    return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  static String envName(String key) {
    return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
  }
}
