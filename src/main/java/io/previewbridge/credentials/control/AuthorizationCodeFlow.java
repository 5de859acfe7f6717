package io.previewbridge.credentials.control;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.previewbridge.credentials.entity.AuthServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The authorization code flow with PKCE (S256) as the client side of it, for signing in at the
 * identity provider (OpenID Connect, with a {@code nonce}) and for linking a product's account
 * (plain OAuth 2.0): {@link #start} makes the request and the secrets the browser must not see,
 * {@link #redeem} trades the returned code. Keeping {@link Started} between the two (in the
 * person's session) and checking {@code state} is the caller's part.
 */
@ApplicationScoped
public class AuthorizationCodeFlow {

  @Inject AuthServers servers;
  @Inject TokenRequests tokens;

  /**
   * One flow in progress: where the browser goes, and what comes back to check it. Serializable, it
   * is kept in the HTTP session; {@link #toString()} shows none of its secrets.
   */
  public record Started(
      URI authorizationRequest,
      String serverId,
      String state,
      String nonce,
      String codeVerifier,
      URI callback)
      implements Serializable {

    @Override
    public String toString() {
      return "Started[server=" + serverId + ", callback=" + callback + "]";
    }
  }

  /**
   * @param openId whether this is an OpenID Connect sign-in (adds {@code openid} scope semantics
   *     and a {@code nonce})
   * @throws ServerUnreachable when the server's endpoints cannot be found
   */
  public Started start(AuthServer server, URI callback, boolean openId) {
    AuthServers.Metadata metadata = servers.metadata(server);
    State state = new State();
    CodeVerifier verifier = new CodeVerifier();
    Scope scope = servers.scopes(server, metadata);
    ClientID client = new ClientID(server.clientId());
    URI request;
    String nonce = null;
    if (openId) {
      Nonce n = new Nonce();
      nonce = n.getValue();
      AuthenticationRequest.Builder builder =
          new AuthenticationRequest.Builder(ResponseType.CODE, scope, client, callback)
              .endpointURI(metadata.authorizationEndpoint())
              .state(state)
              .nonce(n)
              .codeChallenge(verifier, CodeChallengeMethod.S256);
      for (Map.Entry<String, String> p : server.authParams().entrySet()) {
        builder.customParameter(p.getKey(), p.getValue());
      }
      request = builder.build().toURI();
    } else {
      AuthorizationRequest.Builder builder =
          new AuthorizationRequest.Builder(ResponseType.CODE, client)
              .endpointURI(metadata.authorizationEndpoint())
              .redirectionURI(callback)
              .state(state)
              .codeChallenge(verifier, CodeChallengeMethod.S256);
      if (!scope.isEmpty()) {
        builder.scope(scope);
      }
      for (Map.Entry<String, String> p : server.authParams().entrySet()) {
        builder.customParameter(p.getKey(), p.getValue());
      }
      request = builder.build().toURI();
    }
    return new Started(
        request, server.id(), state.getValue(), nonce, verifier.getValue(), callback);
  }

  /**
   * Trades the code the browser brought back for tokens (with the PKCE verifier and the same
   * redirect URI).
   *
   * @throws TokenRefused the server refused the code
   * @throws ServerUnreachable the server could not be asked
   */
  public IssuedTokens redeem(AuthServer server, Started started, String code) {
    return tokens.request(
        server,
        new AuthorizationCodeGrant(
            new AuthorizationCode(code),
            started.callback(),
            new CodeVerifier(started.codeVerifier())),
        null,
        List.of());
  }
}
