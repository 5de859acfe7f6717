package io.previewbridge.authorization.boundary;

import io.previewbridge.platform.control.Secrets;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.inject.spi.CDI;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization requests this browser session has in flight, each under a random id that the
 * sign-in and consent forms carry, so that several tabs (several workspaces) do not overwrite one
 * another. Bounded in number and age: Notion's code is only valid for 10 minutes anyway. A request
 * whose Notion code was already exchanged and that is dropped undecided (too old, pushed out, or
 * its session ended) has its Notion token revoked ({@link ExchangedNotionTokens}).
 */
@SessionScoped
public class PendingAuthorizations implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int MAX = 10;
  static final Duration MAX_AGE = Duration.ofMinutes(15);

  /** What Notion asked for, and once Notion's code is exchanged, what the exchange gave. */
  public record Pending(
      String id,
      String clientId,
      String redirectUri,
      String state,
      String scope,
      String notionCode,
      String codeChallenge,
      Instant createdAt,
      Exchange exchange)
      implements Serializable {

    Pending exchanged(Exchange result) {
      return new Pending(
          id, clientId, redirectUri, state, scope, notionCode, codeChallenge, createdAt, result);
    }

    /** Associated data of the sealed Notion token. */
    String binding() {
      return "pending-authorization:" + id;
    }

    @Override
    public String toString() {
      return "Pending[id=" + id + "]";
    }
  }

  /** Notion's answer to our code exchange; its token is sealed with TokenCipher. */
  public record Exchange(
      String accountId,
      String externalAccountName,
      String sealedNotionToken,
      String sealedRefreshToken,
      String botId,
      String workspaceId,
      String workspaceName,
      String workspaceIcon)
      implements Serializable {

    @Override
    public String toString() {
      return "Exchange[workspaceId=" + workspaceId + ", token=***]";
    }
  }

  private final Map<String, Pending> pending = new LinkedHashMap<>();

  public Pending add(
      String clientId,
      String redirectUri,
      String state,
      String scope,
      String notionCode,
      String codeChallenge,
      Instant now) {
    List<Pending> dropped = new ArrayList<>();
    Pending request;
    synchronized (this) {
      dropped.addAll(prune(now));
      while (pending.size() >= MAX) {
        dropped.add(pending.remove(pending.keySet().iterator().next()));
      }
      String id = Secrets.randomToken(16);
      request =
          new Pending(
              id, clientId, redirectUri, state, scope, notionCode, codeChallenge, now, null);
      pending.put(id, request);
    }
    abandon(dropped);
    return request;
  }

  public Optional<Pending> get(String id, Instant now) {
    List<Pending> dropped;
    Optional<Pending> found;
    synchronized (this) {
      dropped = prune(now);
      found = id == null ? Optional.empty() : Optional.ofNullable(pending.get(id));
    }
    abandon(dropped);
    return found;
  }

  public synchronized void update(Pending request) {
    pending.computeIfPresent(request.id(), (k, v) -> request);
  }

  public synchronized Optional<Pending> remove(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(pending.remove(id));
  }

  /** The session ends (sign-out, expiry): what was exchanged and never decided is revoked. */
  @PreDestroy
  void sessionEnded() {
    List<Pending> left;
    synchronized (this) {
      left = new ArrayList<>(pending.values());
      pending.clear();
    }
    abandon(left);
  }

  private List<Pending> prune(Instant now) {
    List<Pending> expired = new ArrayList<>();
    pending
        .values()
        .removeIf(
            p -> {
              boolean old = p.createdAt().plus(MAX_AGE).isBefore(now);
              if (old) {
                expired.add(p);
              }
              return old;
            });
    return expired;
  }

  /** Outside the lock: revoking talks to Notion. */
  private static void abandon(List<Pending> dropped) {
    if (dropped.stream().anyMatch(p -> p.exchange() != null)) {
      CDI.current().select(ExchangedNotionTokens.class).get().abandoned(dropped);
    }
  }
}
