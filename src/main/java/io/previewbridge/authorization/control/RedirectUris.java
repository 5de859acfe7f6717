package io.previewbridge.authorization.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one redirect URI we accept, compared the way notion-link-previews.md §7.7 reads Notion's
 * inconsistent spellings: case-insensitive, {@code https://} added when Notion leaves the scheme
 * out, {@code www.} and a default port ignored. Everything else must be identical, so no other
 * host, port, path, user-info trick, query or fragment ever passes.
 */
public final class RedirectUris {

  private RedirectUris() {}

  /** The comparable form of {@code raw}, or empty if it is not an acceptable absolute URI. */
  public static Optional<String> normalise(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String value = raw.trim().toLowerCase(Locale.ROOT);
    if (value.isEmpty() || value.length() > 2000 || value.startsWith("//")) {
      return Optional.empty();
    }
    if (!value.contains("://")) {
      value = "https://" + value;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException notAUri) {
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || host == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawAuthority() == null
        || uri.getRawAuthority().contains("@")) {
      return Optional.empty();
    }
    if (host.startsWith("www.")) {
      host = host.substring(4);
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port) + path);
  }

  /** Whether {@code presented} is a spelling of {@code registered}. */
  public static boolean matches(String registered, String presented) {
    Optional<String> expected = normalise(registered);
    return expected.isPresent() && expected.equals(normalise(presented));
  }

  /**
   * Where to send the browser: the value Notion sent, unchanged, except that a value without a
   * scheme gets {@code https://} (a browser would otherwise read it as a relative path).
   */
  public static String target(String presented) {
    String trimmed = presented.trim();
    return trimmed.contains("://") ? trimmed : "https://" + trimmed;
  }
}
