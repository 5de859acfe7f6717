package io.previewbridge.credentials.control;

import io.previewbridge.credentials.entity.UpstreamCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link UpstreamCredential} rows, each change in a transaction of its own. A refresh runs with
 * the row locked ({@link #locked}), so that two checks (on this node or another) never spend one
 * refresh token twice: servers that rotate refresh tokens treat a second use as theft and revoke
 * the whole grant.
 */
@ApplicationScoped
public class CredentialStore {

  @PersistenceContext EntityManager em;
  @Inject Clock clock;

  /**
   * In a transaction of its own (or the caller's): the lookups run on the threads that build
   * previews, where an entity manager outside a transaction is not cleaned up safely.
   */
  @Transactional
  public Optional<UpstreamCredential> find(String accountId, String serverId) {
    return em.createNamedQuery(UpstreamCredential.BY_ACCOUNT_AND_SERVER, UpstreamCredential.class)
        .setParameter("accountId", accountId)
        .setParameter("serverId", serverId)
        .getResultStream()
        .findFirst();
  }

  @Transactional
  public List<UpstreamCredential> ofAccount(String accountId) {
    return em.createNamedQuery(UpstreamCredential.BY_ACCOUNT, UpstreamCredential.class)
        .setParameter("accountId", accountId)
        .getResultList();
  }

  /**
   * Runs {@code work} on the locked row (null when there is none) in a new transaction that commits
   * whatever {@code work} changed. {@code work} reports failures by its result, not by throwing, so
   * that a credential marked gone stays marked.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <R> R locked(String accountId, String serverId, Function<UpstreamCredential, R> work) {
    return work.apply(lockedRow(accountId, serverId));
  }

  /**
   * Creates the row if there is none and lets {@code change} fill it; returns what {@code change}
   * returns.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <R> R upsert(String accountId, String serverId, Function<UpstreamCredential, R> change) {
    UpstreamCredential credential = lockedRow(accountId, serverId);
    if (credential == null) {
      credential = new UpstreamCredential(accountId, serverId, clock.instant());
      em.persist(credential);
    }
    return change.apply(credential);
  }

  /** The account's row for that server, locked for this transaction; null when there is none. */
  private UpstreamCredential lockedRow(String accountId, String serverId) {
    return em.createNamedQuery(UpstreamCredential.BY_ACCOUNT_AND_SERVER, UpstreamCredential.class)
        .setParameter("accountId", accountId)
        .setParameter("serverId", serverId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /** Removes the row (the person unlinked the product). Returns whether there was one. */
  @Transactional
  public boolean delete(String accountId, String serverId) {
    Optional<UpstreamCredential> credential = find(accountId, serverId);
    credential.ifPresent(em::remove);
    return credential.isPresent();
  }
}
