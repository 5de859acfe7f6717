package io.previewbridge.identity.control;

import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.platform.control.SystemReady;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How people sign in, from {@code previewbridge.identity.*}: the {@link Mode}, and for the
 * company's OpenID Connect provider which claims name a person and which group makes an admin.
 * Checked at start-up: a mode that needs the provider without its issuer or client id stops the
 * deployment with one line per missing key.
 */
@ApplicationScoped
public class IdentitySettings {

  static final String PREFIX = "previewbridge.identity.";
  static final String OIDC = PREFIX + "oidc.";

  /** Who may sign in how ({@code previewbridge.identity.mode}). */
  public enum Mode {
    /** Only the built-in accounts (demo mode, small installations). The default. */
    BUILT_IN("built-in"),
    /** Only the company's OpenID Connect provider. */
    OIDC("oidc"),
    /** Either: the sign-in page offers both. */
    BOTH("both");

    private final String text;

    Mode(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    static Optional<Mode> of(String text) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return Arrays.stream(values()).filter(m -> m.text.equals(t)).findFirst();
    }
  }

  /** The claims a person's details are read from. */
  public record ClaimNames(String username, String displayName, String email, String groups) {}

  @Inject
  @ConfigProperty(name = PREFIX + "mode", defaultValue = "built-in")
  String modeText;

  @Inject
  @ConfigProperty(name = OIDC + "issuer")
  Optional<String> issuer;

  @Inject
  @ConfigProperty(name = OIDC + "client-id")
  Optional<String> clientId;

  @Inject
  @ConfigProperty(name = OIDC + "claims.username", defaultValue = "preferred_username")
  String usernameClaim;

  @Inject
  @ConfigProperty(name = OIDC + "claims.display-name", defaultValue = "name")
  String displayNameClaim;

  @Inject
  @ConfigProperty(name = OIDC + "claims.email", defaultValue = "email")
  String emailClaim;

  @Inject
  @ConfigProperty(name = OIDC + "claims.groups", defaultValue = "groups")
  String groupsClaim;

  /** Members of this group get the console (the {@code admin} role). */
  @Inject
  @ConfigProperty(name = OIDC + "admin-group")
  Optional<String> adminGroup;

  /** When set, only members of this group may use PreviewBridge at all. */
  @Inject
  @ConfigProperty(name = OIDC + "required-group")
  Optional<String> requiredGroup;

  /**
   * Usernames or emails that are admins whatever their groups: for providers that send no groups
   * claim (Google Workspace without a directory lookup).
   */
  @Inject
  @ConfigProperty(name = OIDC + "admin-users")
  Optional<String> adminUsers;

  /** Whether sign-out also ends the session at the provider, when it offers that. */
  @Inject
  @ConfigProperty(name = OIDC + "logout", defaultValue = "true")
  boolean providerLogout;

  @Inject
  @ConfigProperty(name = "previewbridge.public-url")
  String publicUrl;

  public Mode mode() {
    return Mode.of(modeText).orElse(Mode.BUILT_IN);
  }

  public boolean builtInAllowed() {
    return mode() != Mode.OIDC;
  }

  public boolean providerAllowed() {
    return mode() != Mode.BUILT_IN;
  }

  public ClaimNames claimNames() {
    return new ClaimNames(usernameClaim, displayNameClaim, emailClaim, groupsClaim);
  }

  public Optional<String> adminGroup() {
    return adminGroup.map(String::trim).filter(g -> !g.isEmpty());
  }

  public Optional<String> requiredGroup() {
    return requiredGroup.map(String::trim).filter(g -> !g.isEmpty());
  }

  public Set<String> adminUsers() {
    return Arrays.stream(adminUsers.orElse("").split(","))
        .map(u -> u.trim().toLowerCase(Locale.ROOT))
        .filter(u -> !u.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  public boolean providerLogout() {
    return providerLogout;
  }

  /**
   * An absolute address of this application built from {@code previewbridge.public-url}, never from
   * the request: the provider only sends people back to addresses registered with it.
   */
  public URI publicUri(String path) {
    String base = publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
    return URI.create(base + path.replaceFirst("^/", ""));
  }

  void check(@Observes @Priority(SystemReady.CONFIGURATION) SystemReady ready) {
    List<String> problems = problems(modeText, issuer, clientId);
    if (!problems.isEmpty()) {
      throw new ConfigurationProblem(
          "previewbridge.identity", "is incomplete:\n  - " + String.join("\n  - ", problems));
    }
  }

  static List<String> problems(String mode, Optional<String> issuer, Optional<String> clientId) {
    List<String> problems = new ArrayList<>();
    Optional<Mode> parsed = Mode.of(mode);
    if (parsed.isEmpty()) {
      problems.add(
          PREFIX
              + "mode is \""
              + mode
              + "\"; it must be built-in, oidc or both (env var PREVIEWBRIDGE_IDENTITY_MODE)");
      return problems;
    }
    if (parsed.get() == Mode.BUILT_IN) {
      return problems;
    }
    String issuerText = issuer.map(String::trim).orElse("");
    if (issuerText.isEmpty()) {
      problems.add(
          OIDC
              + "issuer is not set; mode "
              + parsed.get().text()
              + " signs people in at that provider (env var PREVIEWBRIDGE_IDENTITY_OIDC_ISSUER)");
    } else if (!issuerText.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
      problems.add(OIDC + "issuer must be the provider's http(s) issuer URL: " + issuerText);
    }
    if (clientId.map(String::trim).orElse("").isEmpty()) {
      problems.add(
          OIDC
              + "client-id is not set: the client registered for PreviewBridge at the provider"
              + " (env var PREVIEWBRIDGE_IDENTITY_OIDC_CLIENT_ID)");
    }
    return problems;
  }
}
