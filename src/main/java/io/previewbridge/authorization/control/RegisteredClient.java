package io.previewbridge.authorization.control;

import io.previewbridge.platform.control.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one OAuth client we serve: Notion, with the id and secret the admin typed into Notion's
 * integration settings ({@code previewbridge.oauth.client-id}, {@code ...client-secret}). Both
 * comparisons are constant-time.
 */
@ApplicationScoped
public class RegisteredClient {

  @Inject
  @ConfigProperty(name = "previewbridge.oauth.client-id")
  String clientId;

  @Inject
  @ConfigProperty(name = "previewbridge.oauth.client-secret")
  String clientSecret;

  public RegisteredClient() {}

  RegisteredClient(String clientId, String clientSecret) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  public boolean isClientId(String presented) {
    return Secrets.constantTimeEquals(clientId, presented);
  }

  /** Returns the authenticated client id, or throws {@code invalid_client}. */
  public String authenticate(ClientCredentials credentials) {
    boolean idMatches = Secrets.constantTimeEquals(clientId, credentials.clientId());
    boolean secretMatches = Secrets.constantTimeEquals(clientSecret, credentials.clientSecret());
    if (!(idMatches & secretMatches)) {
      throw OAuthError.invalidClient("Client authentication failed.");
    }
    return clientId;
  }

  public String clientId() {
    return clientId;
  }
}
