package io.previewbridge.authorization.control;

import io.previewbridge.authorization.entity.AuthorizationCode;
import io.previewbridge.authorization.entity.TokenGrant;
import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.notion.control.Connections;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.control.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Our side of the OAuth dance with Notion: one-time codes after consent, and the tokens they (and
 * refresh tokens) are traded for.
 *
 * <p>Codes and refresh tokens are 256-bit random strings stored only as SHA-256. A code is bound to
 * the client and the redirect URI it was issued for, lives {@code previewbridge.oauth.code-ttl} and
 * is redeemed once: a second redemption revokes the grant the first one created (RFC 9700 §4.1.1),
 * because one of the two presenters is not Notion. Refresh tokens rotate on every use; the previous
 * one stays valid for {@code previewbridge.oauth.refresh-grace} in case Notion never received the
 * answer that carried its successor.
 */
@ApplicationScoped
public class TokenIssuer {

  static final int TOKEN_BYTES = 32;

  @PersistenceContext EntityManager em;
  @Inject SigningKeys keys;
  @Inject Connections connections;
  @Inject Accounts accounts;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "previewbridge.oauth.code-ttl", defaultValue = "PT5M")
  Duration codeTtl;

  @Inject
  @ConfigProperty(name = "previewbridge.oauth.access-token-ttl", defaultValue = "PT1H")
  Duration accessTokenTtl;

  @Inject
  @ConfigProperty(name = "previewbridge.oauth.refresh-grace", defaultValue = "PT5M")
  Duration refreshGrace;

  /** Issues the code Notion trades at our token endpoint; returns it (only its hash is kept). */
  @Transactional
  public String issueCode(String connectionId, String clientId, String redirectUri, String scope) {
    Instant now = clock.instant();
    String code = Secrets.randomToken(TOKEN_BYTES);
    Duration ttl = codeTtl.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : codeTtl;
    em.persist(
        new AuthorizationCode(
            Secrets.sha256(code), connectionId, clientId, redirectUri, scope, now, now.plus(ttl)));
    return code;
  }

  /**
   * The authorization_code grant. Commits a replay's revocation even though it answers an error.
   */
  @Transactional(dontRollbackOn = OAuthError.class)
  public IssuedTokens redeemCode(String clientId, String code, String redirectUri) {
    Instant now = clock.instant();
    AuthorizationCode stored =
        em.find(AuthorizationCode.class, Secrets.sha256(code), LockModeType.PESSIMISTIC_WRITE);
    if (stored == null) {
      throw OAuthError.invalidGrant("The authorization code is not known.");
    }
    if (!stored.clientId().equals(clientId)) {
      throw OAuthError.invalidGrant("The authorization code was issued to another client.");
    }
    if (stored.isRedeemed()) {
      if (stored.grantId() != null) {
        TokenGrant issued =
            em.find(TokenGrant.class, stored.grantId(), LockModeType.PESSIMISTIC_WRITE);
        if (issued != null) {
          issued.revoke("authorization code replayed", now);
        }
      }
      throw OAuthError.invalidGrant(
          "The authorization code has been used already; the tokens it issued are revoked.");
    }
    if (stored.isExpired(now)) {
      throw OAuthError.invalidGrant("The authorization code has expired.");
    }
    if (!RedirectUris.matches(stored.redirectUri(), redirectUri)) {
      throw OAuthError.invalidGrant(
          "redirect_uri does not match the one the authorization code was issued for.");
    }
    Subject subject = subject(stored.connectionId());
    String refreshToken = Secrets.randomToken(TOKEN_BYTES);
    TokenGrant grant =
        new TokenGrant(
            stored.connectionId(),
            stored.codeHash(),
            stored.scope(),
            Secrets.sha256(refreshToken),
            now);
    em.persist(grant);
    stored.redeemed(grant.id(), now);
    return issue(subject, grant, refreshToken, now);
  }

  /** The refresh_token grant: a new access token and a new refresh token. */
  @Transactional(dontRollbackOn = OAuthError.class)
  public IssuedTokens refresh(String refreshToken) {
    Instant now = clock.instant();
    String hash = Secrets.sha256(refreshToken);
    TokenGrant grant =
        em.createNamedQuery(TokenGrant.BY_REFRESH_TOKEN, TokenGrant.class)
            .setParameter("hash", hash)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultStream()
            .filter(g -> g.acceptsRefreshToken(hash, now))
            .findFirst()
            .orElseThrow(
                () ->
                    OAuthError.invalidGrant(
                        "The refresh token is not known, has been replaced, or was revoked."));
    Subject subject = subject(grant.connectionId());
    String next = Secrets.randomToken(TOKEN_BYTES);
    grant.rotate(Secrets.sha256(next), now, now.plus(refreshGrace));
    return issue(subject, grant, next, now);
  }

  private record Subject(Connection connection, Account account) {}

  private Subject subject(String connectionId) {
    Connection connection =
        connections
            .find(connectionId)
            .filter(Connection::isActive)
            .orElseThrow(
                () -> OAuthError.invalidGrant("The connection to Notion was disconnected."));
    Account account =
        accounts
            .byId(connection.accountId())
            .filter(Account::enabled)
            .orElseThrow(() -> OAuthError.invalidGrant("The account is disabled."));
    return new Subject(connection, account);
  }

  private IssuedTokens issue(Subject subject, TokenGrant grant, String refreshToken, Instant now) {
    String accessToken =
        AccessTokens.mint(
            keys.current(),
            new AccessTokens.Subject(
                subject.connection().id(),
                grant.id(),
                subject.account().id(),
                subject.account().username()),
            now,
            accessTokenTtl);
    return new IssuedTokens(accessToken, refreshToken, accessTokenTtl.toSeconds());
  }
}
