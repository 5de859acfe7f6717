package io.previewbridge.authorization.boundary;

import io.previewbridge.authorization.boundary.PendingAuthorizations.Exchange;
import io.previewbridge.authorization.boundary.PendingAuthorizations.Pending;
import io.previewbridge.notion.control.NotionClient;
import io.previewbridge.notion.control.NotionToken;
import io.previewbridge.notion.control.NotionTokenRequest;
import io.previewbridge.platform.control.TokenCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;

/**
 * Notion's token between the code exchange and the person's decision: sealed (AES-GCM, bound to the
 * pending request) while it waits in the session, unsealed when the connection is made, and revoked
 * at Notion when the person denies, the workspace is refused, or the request is abandoned (it
 * expires, or the session ends), so that no token of an unconfirmed connection stays valid.
 */
@ApplicationScoped
public class ExchangedNotionTokens {

  private static final Logger LOG = Logger.getLogger(ExchangedNotionTokens.class.getName());

  @Inject TokenCipher cipher;
  @Inject NotionClient notion;

  Exchange seal(
      Pending pending,
      String accountId,
      NotionTokenRequest.ExternalAccount external,
      NotionToken token) {
    return new Exchange(
        accountId,
        external.name(),
        cipher.encrypt(token.accessToken(), pending.binding()),
        token.refreshToken() == null
            ? null
            : cipher.encrypt(token.refreshToken(), pending.binding() + ":refresh"),
        token.botId(),
        token.workspaceId(),
        token.workspaceName(),
        token.workspaceIcon());
  }

  NotionToken unseal(Pending pending) {
    Exchange exchange = pending.exchange();
    return new NotionToken(
        cipher.decrypt(exchange.sealedNotionToken(), pending.binding()),
        "bearer",
        exchange.botId(),
        exchange.workspaceId(),
        exchange.workspaceName(),
        exchange.workspaceIcon(),
        exchange.sealedRefreshToken() == null
            ? null
            : cipher.decrypt(exchange.sealedRefreshToken(), pending.binding() + ":refresh"));
  }

  /** The connection will not be made: Notion's token is not wanted, tell Notion so. */
  void discard(Pending pending) {
    if (pending.exchange() != null) {
      notion.revokeToken(unseal(pending).accessToken());
    }
  }

  /** Requests the person never decided on. */
  void abandoned(List<Pending> pendings) {
    for (Pending pending : pendings) {
      if (pending.exchange() != null) {
        LOG.info(
            () ->
                "An authorization for Notion workspace "
                    + pending.exchange().workspaceId()
                    + " was abandoned; Notion's token is revoked");
        try {
          discard(pending);
        } catch (RuntimeException e) {
          LOG.warning(
              () -> "Revoking an abandoned Notion token failed: " + e.getClass().getSimpleName());
        }
      }
    }
  }
}
