package io.previewbridge.credentials.control;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.previewbridge.credentials.entity.AuthServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Sends one token request (RFC 6749 §4.1.3 code, §6 refresh, RFC 8693 exchange) to an authorization
 * server, authenticated as PreviewBridge's client there, within the configured time limits, and
 * reads the answer with the Nimbus OAuth 2.0 SDK.
 */
@ApplicationScoped
public class TokenRequests {

  @Inject AuthServers servers;
  @Inject Clock clock;

  /**
   * @throws TokenRefused the server answered an OAuth error
   * @throws ServerUnreachable the server could not be asked or answered something else
   */
  public IssuedTokens request(
      AuthServer server, AuthorizationGrant grant, Scope scope, List<URI> resources) {
    AuthServers.Metadata metadata = servers.metadata(server);
    Optional<ClientAuthentication> auth = servers.clientAuthentication(server, metadata);
    TokenRequest.Builder builder =
        auth.isPresent()
            ? new TokenRequest.Builder(metadata.tokenEndpoint(), auth.get(), grant)
            : new TokenRequest.Builder(
                metadata.tokenEndpoint(), new ClientID(server.clientId()), grant);
    if (scope != null && !scope.isEmpty()) {
      builder.scope(scope);
    }
    if (resources != null && !resources.isEmpty()) {
      builder.resources(resources.toArray(URI[]::new));
    }
    HTTPRequest http = builder.build().toHTTPRequest();
    servers.limit(http);
    HTTPResponse response;
    try {
      response = http.send();
    } catch (IOException e) {
      throw new ServerUnreachable(
          server.displayName()
              + " could not be reached at its token endpoint ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (response.getStatusCode() >= 500) {
      throw new ServerUnreachable(
          server.displayName()
              + " answered the token request with HTTP "
              + response.getStatusCode());
    }
    TokenResponse parsed;
    try {
      parsed = OIDCTokenResponseParser.parse(response);
    } catch (ParseException e) {
      throw new ServerUnreachable(
          server.displayName()
              + " answered the token request with HTTP "
              + response.getStatusCode()
              + " but no OAuth answer");
    }
    if (!parsed.indicatesSuccess()) {
      ErrorObject error = parsed.toErrorResponse().getErrorObject();
      if (error == null || error.getCode() == null) {
        throw new ServerUnreachable(
            server.displayName()
                + " answered the token request with HTTP "
                + response.getStatusCode()
                + " but no OAuth error");
      }
      String code = error.getCode();
      String description = error == null ? null : error.getDescription();
      throw new TokenRefused(code, description, response.getStatusCode());
    }
    Tokens tokens = parsed.toSuccessResponse().getTokens();
    AccessToken access = tokens.getAccessToken();
    Optional<String> idToken =
        tokens instanceof OIDCTokens oidc && oidc.getIDTokenString() != null
            ? Optional.of(oidc.getIDTokenString())
            : Optional.empty();
    return new IssuedTokens(
        access.getValue(),
        Optional.ofNullable(tokens.getRefreshToken()).map(t -> t.getValue()),
        access.getLifetime() > 0
            ? Optional.of(clock.instant().plusSeconds(access.getLifetime()))
            : Optional.empty(),
        idToken,
        Optional.ofNullable(AuthServers.scopeText(access.getScope())));
  }
}
