package io.previewbridge.authorization.boundary;

import io.previewbridge.platform.control.Secrets;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization requests this browser session has in flight, each under a random id that the
 * sign-in and consent forms carry, so that several tabs (several workspaces) do not overwrite one
 * another. Bounded in number and age: Notion's code is only valid for 10 minutes anyway.
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
      Instant createdAt,
      Exchange exchange)
      implements Serializable {

    Pending exchanged(Exchange result) {
      return new Pending(id, clientId, redirectUri, state, scope, notionCode, createdAt, result);
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

  public synchronized Pending add(
      String clientId,
      String redirectUri,
      String state,
      String scope,
      String notionCode,
      Instant now) {
    prune(now);
    while (pending.size() >= MAX) {
      pending.remove(pending.keySet().iterator().next());
    }
    String id = Secrets.randomToken(16);
    Pending request = new Pending(id, clientId, redirectUri, state, scope, notionCode, now, null);
    pending.put(id, request);
    return request;
  }

  public synchronized Optional<Pending> get(String id, Instant now) {
    prune(now);
    return id == null ? Optional.empty() : Optional.ofNullable(pending.get(id));
  }

  public synchronized void update(Pending request) {
    pending.computeIfPresent(request.id(), (k, v) -> request);
  }

  public synchronized Optional<Pending> remove(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(pending.remove(id));
  }

  private void prune(Instant now) {
    pending.values().removeIf(p -> p.createdAt().plus(MAX_AGE).isBefore(now));
  }
}
