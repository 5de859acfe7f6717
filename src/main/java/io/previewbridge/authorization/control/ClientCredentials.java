package io.previewbridge.authorization.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The client id and secret Notion presents at the token endpoint, from the HTTP Basic header (RFC
 * 6749 §2.3.1: both parts form-url-encoded before Base64) or from the request body.
 */
public record ClientCredentials(String clientId, String clientSecret) {

  @Override
  public String toString() {
    return "ClientCredentials[clientId=" + clientId + ", clientSecret=***]";
  }

  /**
   * Reads an {@code Authorization} header. Empty when the header is absent or uses another scheme;
   * {@code invalid_client} when it claims Basic but cannot be read.
   */
  public static Optional<ClientCredentials> fromBasicHeader(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("basic")) {
      return Optional.empty();
    }
    String encoded = space < 0 ? "" : trimmed.substring(space + 1).trim();
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      throw OAuthError.invalidClient("The Basic authorization header is not valid Base64.");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw OAuthError.invalidClient("The Basic authorization header does not carry id:secret.");
    }
    try {
      return Optional.of(
          new ClientCredentials(
              URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
              URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException badEscape) {
      throw OAuthError.invalidClient("The Basic authorization header has a malformed escape.");
    }
  }

  /**
   * Combines the two places credentials may come from. RFC 6749 forbids using both; we tolerate
   * both when they say the same thing, and refuse a contradiction.
   */
  public static ClientCredentials resolve(
      Optional<ClientCredentials> basic, String bodyClientId, String bodyClientSecret) {
    if (basic.isPresent()) {
      ClientCredentials header = basic.get();
      if ((bodyClientId != null && !bodyClientId.equals(header.clientId()))
          || (bodyClientSecret != null && !bodyClientSecret.equals(header.clientSecret()))) {
        throw OAuthError.invalidRequest(
            "Client credentials were sent both in the Authorization header and in the body, and"
                + " they differ.");
      }
      return header;
    }
    if (bodyClientId == null || bodyClientId.isEmpty()) {
      throw OAuthError.invalidClient("No client authentication: send client_id and client_secret.");
    }
    if (bodyClientSecret == null || bodyClientSecret.isEmpty()) {
      throw OAuthError.invalidClient("client_secret is missing.");
    }
    return new ClientCredentials(bodyClientId, bodyClientSecret);
  }
}
