package io.previewbridge.testing;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A browser's cookie jar as seen from behind a TLS-terminating proxy: with an https {@code
 * previewbridge.public-url} the session cookie is {@code Secure}, the browser talks https to the
 * proxy, and the server hears plain HTTP. Tests talk plain HTTP to the server directly, so this jar
 * keeps {@code Secure} cookies as the browser would (dropping the flag that would keep a plain
 * {@link CookieManager} from ever sending them back); everything else is the plain jar.
 */
public final class TlsTerminatedCookies extends CookieHandler {

  private static final Pattern SECURE = Pattern.compile("(?i);\\s*Secure\\s*(?=;|$)");

  private final CookieManager jar = new CookieManager();

  @Override
  public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders)
      throws IOException {
    return jar.get(uri, requestHeaders);
  }

  @Override
  public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    responseHeaders.forEach(
        (name, values) ->
            headers.put(
                name,
                name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(c -> SECURE.matcher(c).replaceAll("")).toList()
                    : values));
    jar.put(uri, headers);
  }
}
