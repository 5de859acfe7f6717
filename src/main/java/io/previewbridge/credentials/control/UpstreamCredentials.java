package io.previewbridge.credentials.control;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import io.previewbridge.credentials.control.CredentialUnavailable.Reason;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.credentials.entity.UpstreamCredential;
import io.previewbridge.platform.control.TokenCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * People's tokens at other servers, for fetching as the person: kept encrypted ({@link
 * TokenCipher}, bound to the row), handed out while valid, refreshed with the stored refresh token
 * shortly before they expire ({@code previewbridge.identity.refresh-ahead}, PT30S), because change
 * detection fetches long after the person signed in.
 *
 * <p>When the server refuses the refresh for good ({@code invalid_grant}: the person was signed out
 * everywhere, disabled, or the grant expired), the credential is marked gone with the server's
 * words, and every fetch that needs it fails until the person signs in or links again. Nothing
 * falls back to another credential. A server that is down is passing trouble: the credential stays
 * as it is.
 *
 * <p>Refreshes of one credential are serialised: on this node by a lock, across nodes by the row
 * lock of {@link CredentialStore#locked}; whoever waited finds the fresh token and uses it.
 */
@ApplicationScoped
public class UpstreamCredentials {

  private static final Logger LOG = Logger.getLogger(UpstreamCredentials.class.getName());

  /** Refreshes on one node wait for each other per credential; striped to bound memory. */
  private static final int STRIPES = 64;

  @Inject CredentialStore store;
  @Inject AuthServers servers;
  @Inject TokenRequests tokens;
  @Inject TokenCipher cipher;
  @Inject Clock clock;
  @Inject Event<CredentialRenewed> renewed;

  @Inject
  @ConfigProperty(name = "previewbridge.identity.refresh-ahead", defaultValue = "PT30S")
  Duration refreshAhead;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public UpstreamCredentials() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * Keeps the tokens a sign-in (or a link) just issued for the person, replacing what was there. A
   * credential that was missing or gone is usable again: {@link CredentialRenewed} tells the
   * previews that waited for it.
   */
  public void keep(String accountId, AuthServer server, String subject, IssuedTokens issued) {
    boolean wasUsable =
        store.upsert(
            accountId,
            server.id(),
            credential -> {
              boolean before = credential.active() && credential.sealedAccessToken() != null;
              credential.renew(
                  subject,
                  cipher.encrypt(issued.accessToken(), credential.tokenBinding("access")),
                  issued
                      .refreshToken()
                      .map(r -> cipher.encrypt(r, credential.tokenBinding("refresh")))
                      .orElse(null),
                  issued.expiresAt().orElse(null),
                  issued.scope().orElse(null),
                  clock.instant());
              return before;
            });
    if (!wasUsable) {
      renewed.fire(new CredentialRenewed(accountId, server.id()));
    }
  }

  /**
   * A valid access token of the person at {@code serverId}, refreshed first if it expires within
   * {@code refresh-ahead}.
   *
   * @throws CredentialUnavailable when there is none (never signed in there, gone, or the server
   *     cannot be asked right now)
   */
  public String accessToken(String accountId, String serverId) {
    AuthServer server = server(serverId);
    Optional<UpstreamCredential> current = store.find(accountId, serverId);
    if (current.isEmpty()) {
      throw missing(server);
    }
    UpstreamCredential credential = current.get();
    if (!credential.active()) {
      throw gone(server, credential.problem());
    }
    if (fresh(credential)) {
      return cipher.decrypt(credential.sealedAccessToken(), credential.tokenBinding("access"));
    }
    ReentrantLock lock = locks[Math.floorMod((accountId + serverId).hashCode(), STRIPES)];
    lock.lock();
    try {
      Outcome outcome = store.locked(accountId, serverId, row -> refreshIfStale(server, row));
      if (outcome instanceof Token token) {
        return token.value();
      }
      if (outcome instanceof Gone gone) {
        throw gone(server, gone.why());
      }
      if (outcome instanceof Passing passing) {
        throw new CredentialUnavailable(Reason.UNREACHABLE, serverId, passing.why());
      }
      throw missing(server);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The upstream answered 401 to the person's token: it is not trusted any more, and the next
   * {@link #accessToken} refreshes first (a refusal then marks the credential gone).
   */
  public void distrust(String accountId, String serverId) {
    store.locked(
        accountId,
        serverId,
        row -> {
          if (row != null && row.active()) {
            row.expireAccessToken(clock.instant());
          }
          return null;
        });
  }

  /** The person's credentials, for the console and the person's own page. */
  public List<UpstreamCredential> of(String accountId) {
    return store.ofAccount(accountId);
  }

  public Optional<UpstreamCredential> find(String accountId, String serverId) {
    return store.find(accountId, serverId);
  }

  /** The person unlinked a product: its tokens are deleted. */
  public boolean forget(String accountId, String serverId) {
    return store.delete(accountId, serverId);
  }

  /** What one locked refresh came to; reported by value so the transaction always commits. */
  private sealed interface Outcome permits Token, Missing, Gone, Passing {}

  private record Token(String value) implements Outcome {}

  private record Missing() implements Outcome {}

  private record Gone(String why) implements Outcome {}

  private record Passing(String why) implements Outcome {}

  private Outcome refreshIfStale(AuthServer server, UpstreamCredential row) {
    if (row == null) {
      return new Missing();
    }
    if (!row.active()) {
      return new Gone(row.problem());
    }
    if (fresh(row)) {
      // another check refreshed it while this one waited
      return new Token(cipher.decrypt(row.sealedAccessToken(), row.tokenBinding("access")));
    }
    Instant now = clock.instant();
    if (row.sealedRefreshToken() == null) {
      String why =
          "the access token expired and "
              + server.displayName()
              + " issued no refresh token (ask for offline_access)";
      row.gone(why, now);
      logGone(row, why);
      return new Gone(why);
    }
    String refresh = cipher.decrypt(row.sealedRefreshToken(), row.tokenBinding("refresh"));
    IssuedTokens issued;
    try {
      issued =
          tokens.request(server, new RefreshTokenGrant(new RefreshToken(refresh)), null, List.of());
    } catch (TokenRefused refused) {
      if (refused.grantIsDead()) {
        String why =
            server.displayName()
                + " refused to refresh the sign-in ("
                + refused.getMessage()
                + ") on "
                + now;
        row.gone(why, now);
        logGone(row, why);
        return new Gone(why);
      }
      return new Passing(
          server.displayName() + " did not refresh the token (" + refused.getMessage() + ")");
    } catch (ServerUnreachable unreachable) {
      return new Passing(unreachable.getMessage());
    }
    row.renew(
        null,
        cipher.encrypt(issued.accessToken(), row.tokenBinding("access")),
        issued.refreshToken().map(r -> cipher.encrypt(r, row.tokenBinding("refresh"))).orElse(null),
        issued.expiresAt().orElse(null),
        issued.scope().orElse(null),
        now);
    return new Token(issued.accessToken());
  }

  private static void logGone(UpstreamCredential row, String why) {
    LOG.info(
        () ->
            "The credential of account "
                + row.accountId()
                + " at "
                + row.serverId()
                + " is gone: "
                + why
                + "; its previews wait for a new sign-in");
  }

  /**
   * Whether the access token is usable without a refresh: it expires later than {@code
   * refresh-ahead} from now, or, for a token that lives shorter than twice that, later than half
   * its lifetime from now (else every use of a short-lived token would refresh it).
   */
  private boolean fresh(UpstreamCredential credential) {
    if (credential.sealedAccessToken() == null) {
      return false;
    }
    Instant expires = credential.accessExpiresAt();
    if (expires == null) {
      return true;
    }
    Duration ahead = refreshAhead;
    Duration half = Duration.between(credential.updatedAt(), expires).dividedBy(2);
    if (!half.isNegative() && half.compareTo(ahead) < 0) {
      ahead = half;
    }
    return expires.isAfter(clock.instant().plus(ahead));
  }

  private AuthServer server(String serverId) {
    return servers
        .byId(serverId)
        .orElseThrow(
            () ->
                new CredentialUnavailable(
                    Reason.UNREACHABLE,
                    serverId,
                    "no server \"" + serverId + "\" is configured any more"));
  }

  private static CredentialUnavailable missing(AuthServer server) {
    return new CredentialUnavailable(
        Reason.MISSING,
        server.id(),
        server.isIdentityProvider()
            ? "the person has not signed in with " + server.displayName()
            : "the person has not connected their " + server.displayName() + " account");
  }

  private static CredentialUnavailable gone(AuthServer server, String why) {
    return new CredentialUnavailable(
        Reason.GONE,
        server.id(),
        (why == null ? server.displayName() + " no longer accepts the sign-in" : why));
  }
}
