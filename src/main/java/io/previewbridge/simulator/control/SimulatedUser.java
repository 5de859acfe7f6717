package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The person using the simulator's page, as Notion's side of the loop remembers them: the {@code
 * state} of each connect attempt (single use, ten minutes), and the access token PreviewBridge
 * issued to "Notion" once they connected. Kept on the server, never in the page.
 */
@ApplicationScoped
public class SimulatedUser {

  static final Duration STATE_TTL = Duration.ofMinutes(10);

  @Inject Clock clock;

  private final Map<String, Instant> states = new ConcurrentHashMap<>();
  private volatile String accessToken;
  private volatile String lastUnfurl;

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

  public void connected(String token) {
    this.accessToken = token;
  }

  public Optional<String> accessToken() {
    return Optional.ofNullable(accessToken);
  }

  public void disconnect() {
    accessToken = null;
  }

  public void unfurled(String json) {
    this.lastUnfurl = json;
  }

  public Optional<String> lastUnfurl() {
    return Optional.ofNullable(lastUnfurl);
  }
}
