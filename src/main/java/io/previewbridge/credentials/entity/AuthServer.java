package io.previewbridge.credentials.entity;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OAuth 2.0 authorization server where people hold tokens PreviewBridge may use for them: the
 * company's OpenID Connect provider (id {@value UpstreamCredential#IDP}, from {@code
 * previewbridge.identity.oidc.*}) or a product's own server (a {@code providers} entry of the
 * sources file). Its endpoints come from discovery at {@code issuer} unless given explicitly (a
 * server without discovery, as GitHub's, names both).
 *
 * <p>{@code clientSecret} is a secret: {@link #toString()} leaves it out, so that no log or error
 * text built from a server shows it.
 */
public record AuthServer(
    String id,
    String displayName,
    Optional<String> issuer,
    Optional<URI> authorizationEndpoint,
    Optional<URI> tokenEndpoint,
    String clientId,
    Optional<String> clientSecret,
    List<String> scopes,
    Map<String, String> authParams) {

  public AuthServer {
    scopes = List.copyOf(scopes);
    authParams = Map.copyOf(authParams);
  }

  /** Whether this is the company's identity provider (people sign in there). */
  public boolean isIdentityProvider() {
    return UpstreamCredential.IDP.equals(id);
  }

  @Override
  public String toString() {
    return "AuthServer[id="
        + id
        + ", issuer="
        + issuer.orElse("-")
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret.isPresent() ? "***" : "none")
        + "]";
  }
}
