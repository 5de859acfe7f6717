package io.previewbridge.authorization.control;

import com.nimbusds.jwt.JWTClaimsSet;
import io.previewbridge.authorization.entity.TokenGrant;
import io.previewbridge.notion.control.Connections;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.control.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Ending what we issued: the per-request check that an access token's grant and connection are
 * still alive, and disconnecting a connection when Notion's deleted-token callback names it.
 */
@ApplicationScoped
public class Revocations {

  private static final Logger LOG = Logger.getLogger(Revocations.class.getName());

  @PersistenceContext EntityManager em;
  @Inject SigningKeys keys;
  @Inject Connections connections;
  @Inject Clock clock;

  /** Whether a token of grant {@code grantId} for {@code connectionId} may still be used. */
  public boolean isUsable(String grantId, String connectionId) {
    if (grantId == null || connectionId == null) {
      return false;
    }
    TokenGrant grant = em.find(TokenGrant.class, grantId);
    return grant != null
        && !grant.isRevoked()
        && grant.connectionId().equals(connectionId)
        && connections.find(connectionId).map(Connection::isActive).orElse(false);
  }

  /**
   * Finds the connection a token Notion presented belongs to (an access token of ours, even
   * expired, or a refresh token, even replaced) and disconnects it. Returns the connection id, or
   * empty if the token identifies nothing, which is not an error.
   */
  @Transactional
  public Optional<String> revokeByPresentedToken(String token, String reason) {
    if (token == null || token.isBlank() || token.length() > 8192) {
      return Optional.empty();
    }
    Optional<String> connectionId =
        AccessTokens.readIgnoringExpiry(keys.current().publicKey(), token.trim())
            .map(JWTClaimsSet::getSubject)
            .or(() -> byRefreshToken(token.trim()));
    connectionId.ifPresent(id -> revokeConnection(id, reason));
    return connectionId;
  }

  /** Revokes every grant of the connection and the connection itself (Notion token deleted). */
  @Transactional
  public void revokeConnection(String connectionId, String reason) {
    var now = clock.instant();
    em.createNamedQuery(TokenGrant.ACTIVE_OF_CONNECTION, TokenGrant.class)
        .setParameter("connectionId", connectionId)
        .getResultList()
        .forEach(grant -> grant.revoke(reason, now));
    if (connections.revoke(connectionId)) {
      LOG.info(() -> "Connection " + connectionId + " disconnected: " + reason);
    }
  }

  private Optional<String> byRefreshToken(String token) {
    return em.createNamedQuery(TokenGrant.BY_REFRESH_TOKEN, TokenGrant.class)
        .setParameter("hash", Secrets.sha256(token))
        .getResultStream()
        .findFirst()
        .map(TokenGrant::connectionId);
  }
}
