package io.previewbridge.sources.control;

import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.credentials.control.CredentialUnavailable;
import io.previewbridge.credentials.control.TokenExchanges;
import io.previewbridge.credentials.control.UpstreamCredentials;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.credentials.entity.UpstreamCredential;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.entity.SourceAuth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The token a source's fetch carries when its {@code auth} fetches as the person the preview is
 * for: the person's own access token ({@code user-token}), one exchanged for this upstream only
 * ({@code token-exchange}), or their token at the product's own server ({@code oauth}). When there
 * is none, the preview is a {@link PreviewResult.Failure} that tells the person what to do; it
 * never falls back to another credential.
 */
@ApplicationScoped
public class PersonalTokens {

  @Inject UpstreamCredentials credentials;
  @Inject TokenExchanges exchanges;
  @Inject AuthServers servers;

  @Inject
  @ConfigProperty(name = "previewbridge.public-url")
  String publicUrl;

  /** The developer name: previewbridge.developer-name if set, else the sources file's. */
  @Inject SourceRegistry registry;

  /** A token, or the failure to show instead. */
  public sealed interface Outcome permits Token, NoToken {}

  public record Token(String value) implements Outcome {
    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  public record NoToken(PreviewResult.Failure failure) implements Outcome {}

  public Outcome tokenFor(SourceAuth auth, Requester requester) {
    String accountId = requester == null ? null : requester.id();
    try {
      if (accountId == null) {
        throw new CredentialUnavailable(
            CredentialUnavailable.Reason.MISSING, serverOf(auth), "no account");
      }
      return new Token(
          switch (auth.kind()) {
            case USER_TOKEN -> credentials.accessToken(accountId, UpstreamCredential.IDP);
            case TOKEN_EXCHANGE ->
                exchanges.tokenFor(
                    accountId, auth.audience().orElse(null), auth.scope().orElse(null));
            case OAUTH -> credentials.accessToken(accountId, auth.provider().orElseThrow());
            case SERVICE -> throw new IllegalArgumentException("a service source has no token");
          });
    } catch (CredentialUnavailable unavailable) {
      return new NoToken(failureOf(auth, unavailable));
    }
  }

  /** The upstream refused the token (401): the next {@link #tokenFor} gets a fresh one. */
  public void distrust(SourceAuth auth, Requester requester) {
    if (requester == null || requester.id() == null) {
      return;
    }
    switch (auth.kind()) {
      case USER_TOKEN -> credentials.distrust(requester.id(), UpstreamCredential.IDP);
      case TOKEN_EXCHANGE ->
          exchanges.forget(requester.id(), auth.audience().orElse(null), auth.scope().orElse(null));
      case OAUTH -> credentials.distrust(requester.id(), auth.provider().orElseThrow());
      case SERVICE -> {
        // nothing of the person's was used
      }
    }
  }

  private static String serverOf(SourceAuth auth) {
    return auth.kind() == SourceAuth.Kind.OAUTH
        ? auth.provider().orElse("?")
        : UpstreamCredential.IDP;
  }

  /**
   * What Notion shows instead of the card. A missing credential is a state of the person
   * (definitive: the error card tells them what to do, and linking or signing in brings the card);
   * a gone one stops updates without announcing anything (the last card stays, and the console says
   * why); trouble at the server is passing.
   */
  PreviewResult.Failure failureOf(SourceAuth auth, CredentialUnavailable unavailable) {
    String base = publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
    String product = registry.developerName();
    return switch (unavailable.reason()) {
      case MISSING -> {
        if (auth.kind() == SourceAuth.Kind.OAUTH) {
          String name =
              servers.byId(unavailable.serverId()).map(AuthServer::displayName).orElse("product");
          yield new PreviewResult.Failure(
              403,
              "Connect your "
                  + name
                  + " account to "
                  + product
                  + " to see this preview: "
                  + base
                  + "link/"
                  + unavailable.serverId(),
              true);
        }
        yield new PreviewResult.Failure(
            403,
            "Sign in to "
                + product
                + " with "
                + servers.identityProviderName()
                + " to see this preview: "
                + base
                + "account",
            true);
      }
      case GONE ->
          new PreviewResult.Failure(
              401,
              "Your sign-in has ended ("
                  + unavailable.getMessage()
                  + "). Sign in again at "
                  + base
                  + "account to resume this preview",
              false);
      case UNREACHABLE ->
          new PreviewResult.Failure(
              503, "The sign-in service could not be asked right now; try again shortly", false);
      case REFUSED ->
          new PreviewResult.Failure(
              502,
              "This source's token could not be obtained (" + unavailable.getMessage() + ")",
              false);
    };
  }
}
