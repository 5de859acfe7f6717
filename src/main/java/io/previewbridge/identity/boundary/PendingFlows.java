package io.previewbridge.identity.boundary;

import io.previewbridge.credentials.control.AuthorizationCodeFlow;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sign-ins and account links this browser session has sent to an authorization server and not
 * seen back yet, by their {@code state}. A state is taken out when it comes back ({@link #take}),
 * so a replayed answer finds nothing; one from another browser finds nothing either, because it is
 * not in this session. Bounded in number and age (the servers' codes live minutes).
 */
@SessionScoped
public class PendingFlows implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int MAX = 10;
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  /**
   * One flow: what started it ({@code purpose}: {@code signin} or {@code link}), for whom (the
   * account id of a link, whose tokens the answer becomes), and where the browser goes after.
   */
  public record Flow(
      AuthorizationCodeFlow.Started started,
      String purpose,
      String accountId,
      String next,
      Instant createdAt)
      implements Serializable {}

  private final Map<String, Flow> flows = new LinkedHashMap<>();

  public synchronized void add(Flow flow) {
    prune(flow.createdAt());
    while (flows.size() >= MAX) {
      flows.remove(flows.keySet().iterator().next());
    }
    flows.put(flow.started().state(), flow);
  }

  /** The flow of {@code state} for {@code purpose}, removed: it can be completed once. */
  public synchronized Optional<Flow> take(String state, String purpose, Instant now) {
    prune(now);
    if (state == null) {
      return Optional.empty();
    }
    Flow flow = flows.get(state);
    if (flow == null || !flow.purpose().equals(purpose)) {
      return Optional.empty();
    }
    flows.remove(state);
    return Optional.of(flow);
  }

  private void prune(Instant now) {
    flows.values().removeIf(f -> f.createdAt().plus(MAX_AGE).isBefore(now));
  }
}
