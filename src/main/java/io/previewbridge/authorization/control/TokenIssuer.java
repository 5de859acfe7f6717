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

  /** Signs of a stolen code or token go to the security log, as failed sign-ins do. */
  private static final java.util.logging.Logger SECURITY =
      io.previewbridge.platform.control.SecurityLog.logger();

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

  /** A grant not refreshed for this long is over: Notion connects again. */
  @Inject
  @ConfigProperty(name = "previewbridge.oauth.refresh-idle", defaultValue = "P90D")
  Duration refreshIdle;

  /** A grant older than this is over, however often it was refreshed. */
  @Inject
  @ConfigProperty(name = "previewbridge.oauth.refresh-max-age", defaultValue = "P365D")
  Duration refreshMaxAge;

  /** Issues the code Notion trades at our token endpoint; returns it (only its hash is kept). */
  @Transactional
  public String issueCode(String connectionId, String clientId, String redirectUri, String scope) {
    return issueCode(connectionId, clientId, redirectUri, scope, null);
  }

  /**
   * {@link #issueCode(String, String, String, String)} for a request that carried a PKCE S256
   * {@code codeChallenge} (null: none): the code is then redeemed only with its verifier.
   */
  @Transactional
  public String issueCode(
      String connectionId,
      String clientId,
      String redirectUri,
      String scope,
      String codeChallenge) {
    Instant now = clock.instant();
    String code = Secrets.randomToken(TOKEN_BYTES);
    Duration ttl = codeTtl.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : codeTtl;
    AuthorizationCode stored =
        new AuthorizationCode(
            Secrets.sha256(code), connectionId, clientId, redirectUri, scope, now, now.plus(ttl));
    stored.requireVerifierOf(codeChallenge);
    em.persist(stored);
    return code;
  }

  /**
   * The authorization_code grant. Commits a replay's revocation even though it answers an error.
   */
  @Transactional(dontRollbackOn = OAuthError.class)
  public IssuedTokens redeemCode(String clientId, String code, String redirectUri) {
    return redeemCode(clientId, code, redirectUri, null);
  }

  /**
   * The authorization_code grant with the PKCE {@code codeVerifier} (null: none sent). A code
   * issued with a challenge needs the verifier that hashes to it; a verifier for a code issued
   * without one is refused (RFC 9700 §2.1.1: it would let a downgrade go unnoticed).
   */
  @Transactional(dontRollbackOn = OAuthError.class)
  public IssuedTokens redeemCode(
      String clientId, String code, String redirectUri, String codeVerifier) {
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
          SECURITY.warning(
              () ->
                  "Authorization code replayed: grant "
                      + issued.id()
                      + " of connection "
                      + issued.connectionId()
                      + " revoked");
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
    Pkce.check(stored.codeChallenge(), codeVerifier);
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

  /**
   * The refresh_token grant: a new access token and a new refresh token. A rotated token presented
   * after its grace revokes the whole grant (reuse detection); a grant idle longer than {@code
   * previewbridge.oauth.refresh-idle} or older than {@code refresh-max-age} is over.
   */
  @Transactional(dontRollbackOn = OAuthError.class)
  public IssuedTokens refresh(String refreshToken) {
    Instant now = clock.instant();
    String hash = Secrets.sha256(refreshToken);
    java.util.List<TokenGrant> found =
        em.createNamedQuery(TokenGrant.BY_REFRESH_TOKEN, TokenGrant.class)
            .setParameter("hash", hash)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    for (TokenGrant reused : found) {
      if (reused.isReuseOfRotated(hash, now)) {
        reused.revoke("refresh token reused after its rotation", now);
        SECURITY.warning(
            () ->
                "Refresh token reused after its rotation (stolen copy?): grant "
                    + reused.id()
                    + " of connection "
                    + reused.connectionId()
                    + " revoked");
        throw OAuthError.invalidGrant(
            "The refresh token was replaced and used again; the grant is revoked.");
      }
    }
    TokenGrant grant =
        found.stream()
            .filter(g -> g.acceptsRefreshToken(hash, now))
            .findFirst()
            .orElseThrow(
                () ->
                    OAuthError.invalidGrant(
                        "The refresh token is not known, has been replaced, or was revoked."));
    java.util.Optional<String> over = grant.overAt(now, refreshIdle, refreshMaxAge);
    if (over.isPresent()) {
      grant.revoke(over.get(), now);
      throw OAuthError.invalidGrant("The grant " + over.get() + "; connect again.");
    }
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
