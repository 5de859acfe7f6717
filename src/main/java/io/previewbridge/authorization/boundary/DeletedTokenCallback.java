package io.previewbridge.authorization.boundary;

import io.previewbridge.authorization.control.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What Notion's deleted-token callback means (notion-link-previews.md §7.3): the token it carries
 * in the {@code Authorization} header, or as {@code access_token} / {@code token} / {@code
 * refresh_token} in a JSON or form body, names a connection that must be disconnected. Shared by
 * {@link DeletedTokenResource} and {@link UnauthorizedErrorServlet}, which sees the calls whose
 * bearer token the container refused before JAX-RS (an expired access token, a refresh token).
 */
@ApplicationScoped
public class DeletedTokenCallback {

  private static final Logger LOG = Logger.getLogger(DeletedTokenCallback.class.getName());
  static final String REASON = "Notion's deleted-token callback";

  @Inject Revocations revocations;

  /** Disconnects whatever the tokens identify; returns how many connections that was. */
  public int handle(String authorization, String contentType, byte[] body) {
    Set<String> tokens = new LinkedHashSet<>();
    if (authorization != null) {
      String header = authorization.trim();
      if (header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
        tokens.add(header.substring(7).trim());
      }
    }
    try {
      Map<String, List<String>> parameters = RequestBody.parse(contentType, body);
      for (String name : List.of("access_token", "token", "refresh_token")) {
        List<String> values = parameters.get(name);
        if (values != null) {
          values.stream().filter(v -> !v.isBlank()).limit(5).forEach(tokens::add);
        }
      }
    } catch (IllegalArgumentException unreadable) {
      LOG.fine(() -> "Deleted-token callback with an unreadable body: " + unreadable.getMessage());
    }
    int disconnected = 0;
    for (String token : tokens) {
      if (revocations.revokeByPresentedToken(token, REASON).isPresent()) {
        disconnected++;
      }
    }
    int count = disconnected;
    LOG.info(() -> "Deleted-token callback: " + count + " connection(s) matched");
    return disconnected;
  }
}
