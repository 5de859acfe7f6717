package io.previewbridge.sources.control;

import io.previewbridge.identity.entity.Account;
import io.previewbridge.sources.entity.Requester;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Who a preview is fetched for. The access token names the account (claims {@code aid}, {@code
 * upn}); a re-check has only the connection's account id. Either way the account row supplies what
 * the token does not carry (the email).
 */
@ApplicationScoped
public class RequesterLookup {

  @PersistenceContext EntityManager em;

  public Requester of(String accountId, String username) {
    Account account = accountId == null ? null : em.find(Account.class, accountId);
    if (account == null) {
      return new Requester(accountId, username, null);
    }
    return new Requester(
        account.id(), username != null ? username : account.username(), account.email());
  }

  public Requester byAccountId(String accountId) {
    return of(accountId, null);
  }
}
