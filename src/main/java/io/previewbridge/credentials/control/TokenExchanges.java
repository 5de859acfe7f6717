package io.previewbridge.credentials.control;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import io.previewbridge.credentials.control.CredentialUnavailable.Reason;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.credentials.entity.UpstreamCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * RFC 8693 token exchange at the company's identity provider: the person's own access token (the
 * subject token, refreshed as needed by {@link UpstreamCredentials}) is traded for a token meant
 * only for one upstream ({@code audience}, {@code scope}), so that the upstream never sees a token
 * that could be used anywhere else.
 *
 * <p>Exchanged tokens are kept in memory until shortly before they expire (bounded, per account,
 * audience and scope), never on disk. Each use first asks {@link UpstreamCredentials} for the
 * subject token, so a person whose sign-in is gone gets no exchanged token from the cache either.
 */
@ApplicationScoped
public class TokenExchanges {

  private static final Logger LOG = Logger.getLogger(TokenExchanges.class.getName());
  static final int MAX_CACHED = 10_000;

  @Inject UpstreamCredentials credentials;
  @Inject AuthServers servers;
  @Inject TokenRequests tokens;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "previewbridge.identity.refresh-ahead", defaultValue = "PT30S")
  Duration refreshAhead;

  private record Key(String accountId, String subjectToken, String audience, String scope) {}

  private record Exchanged(String token, Instant expiresAt) {}

  private final Map<Key, Exchanged> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Exchanged> eldest) {
          return size() > MAX_CACHED;
        }
      };

  /**
   * A token for {@code audience} (and {@code scope}, may be null) on behalf of the person.
   *
   * @throws CredentialUnavailable when the person's own credential is unusable, or the provider
   *     refuses this exchange
   */
  public String tokenFor(String accountId, String audience, String scope) {
    AuthServer idp =
        servers
            .identityProvider()
            .orElseThrow(
                () ->
                    new CredentialUnavailable(
                        Reason.REFUSED,
                        UpstreamCredential.IDP,
                        "token exchange needs the company's identity provider"
                            + " (previewbridge.identity.oidc.issuer)"));
    for (int attempt = 1; ; attempt++) {
      String subject = credentials.accessToken(accountId, UpstreamCredential.IDP);
      // the subject token is part of the key: a refreshed sign-in exchanges anew
      Key key = new Key(accountId, subject, audience, scope);
      Exchanged known;
      synchronized (cache) {
        known = cache.get(key);
      }
      if (known != null
          && (known.expiresAt() == null
              || known.expiresAt().isAfter(clock.instant().plus(refreshAhead)))) {
        return known.token();
      }
      try {
        IssuedTokens issued =
            tokens.request(
                idp,
                new TokenExchangeGrant(
                    new BearerAccessToken(subject),
                    TokenTypeURI.ACCESS_TOKEN,
                    null,
                    null,
                    TokenTypeURI.ACCESS_TOKEN,
                    audience == null ? null : List.of(new Audience(audience))),
                scope == null ? null : Scope.parse(scope),
                List.of());
        synchronized (cache) {
          cache.keySet().removeIf(k -> k.accountId().equals(accountId) && sameTarget(k, key));
          cache.put(key, new Exchanged(issued.accessToken(), issued.expiresAt().orElse(null)));
        }
        return issued.accessToken();
      } catch (TokenRefused refused) {
        if (attempt == 1 && refused.grantIsDead()) {
          // the provider no longer takes the subject token (revoked early): refresh it once;
          // a refused refresh marks the sign-in gone
          credentials.distrust(accountId, UpstreamCredential.IDP);
          continue;
        }
        LOG.warning(
            () ->
                "The identity provider refused a token exchange for audience "
                    + audience
                    + ": "
                    + refused.getMessage());
        throw new CredentialUnavailable(
            Reason.REFUSED,
            UpstreamCredential.IDP,
            "the identity provider refused a token for " + audience + " (" + refused.error() + ")");
      } catch (ServerUnreachable unreachable) {
        throw new CredentialUnavailable(
            Reason.UNREACHABLE, UpstreamCredential.IDP, unreachable.getMessage());
      }
    }
  }

  /** The upstream refused an exchanged token: the next use exchanges anew. */
  public void forget(String accountId, String audience, String scope) {
    Key target = new Key(accountId, null, audience, scope);
    synchronized (cache) {
      cache.keySet().removeIf(k -> k.accountId().equals(accountId) && sameTarget(k, target));
    }
  }

  private static boolean sameTarget(Key a, Key b) {
    return Objects.equals(a.audience(), b.audience()) && Objects.equals(a.scope(), b.scope());
  }
}
