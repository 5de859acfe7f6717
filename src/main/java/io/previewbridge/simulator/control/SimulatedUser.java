package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The person using the simulator's page, as Notion's side of the loop remembers them: the {@code
 * state} of each connect attempt (single use, ten minutes), the tokens PreviewBridge issued to
 * "Notion" once they connected, the links they pasted on the page (in order), and the link waiting
 * for the first connection. Kept on the server, never in the page. The simulator plays one person
 * (it is a demo), so this is application-wide.
 */
@ApplicationScoped
public class SimulatedUser {

  static final Duration STATE_TTL = Duration.ofMinutes(10);

  @Inject Clock clock;

  private final Map<String, Instant> states = new ConcurrentHashMap<>();
  private final List<String> links = new ArrayList<>();
  private volatile TokenSet tokens;
  private volatile String pending;

  /** A fresh, single-use {@code state} for one trip through PreviewBridge's authorize page. */
  public String newState() {
    Instant now = clock.instant();
    states.values().removeIf(issued -> issued.plus(STATE_TTL).isBefore(now));
    String state = Secrets.randomToken(18);
    states.put(state, now);
    return state;
  }

  /** True exactly once per state issued in the last ten minutes. */
  public boolean consumeState(String state) {
    Instant issued = state == null ? null : states.remove(state);
    return issued != null && !issued.plus(STATE_TTL).isBefore(clock.instant());
  }

  public void connected(TokenSet tokens) {
    this.tokens = tokens;
  }

  public Optional<TokenSet> tokens() {
    return Optional.ofNullable(tokens);
  }

  public Optional<String> accessToken() {
    return tokens().map(TokenSet::accessToken);
  }

  public void disconnect() {
    tokens = null;
  }

  /** The link pasted before the first connection, unfurled when the user comes back. */
  public void pending(String link) {
    this.pending = link;
  }

  public Optional<String> takePending() {
    String link = pending;
    pending = null;
    return Optional.ofNullable(link);
  }

  public Optional<String> pending() {
    return Optional.ofNullable(pending);
  }

  /** Adds a pasted link to the page (once). */
  public synchronized void pasted(String link) {
    links.remove(link);
    links.add(link);
  }

  public synchronized void removed(String link) {
    links.remove(link);
  }

  public synchronized List<String> links() {
    return List.copyOf(links);
  }
}
