package io.previewbridge.unfurl.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How often one connection may ask for unfurls: at most {@code previewbridge.unfurl.max-per-minute}
 * (120) in any minute. Notion asks once per paste and per page view of a stale preview; far more
 * than that is a script with a token, and each unfurl may cost an upstream fetch. Counted in this
 * node's memory (bounded), so per node.
 */
@ApplicationScoped
public class UnfurlLimits {

  static final int MAX_CONNECTIONS = 10_000;
  static final Duration WINDOW = Duration.ofMinutes(1);

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "previewbridge.unfurl.max-per-minute", defaultValue = "120")
  int maxPerMinute = 120;

  private final Map<String, Deque<Instant>> recent =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
          return size() > MAX_CONNECTIONS;
        }
      };

  /** Counts an unfurl of {@code connectionId}; empty if allowed, else how long to wait. */
  public synchronized Optional<Duration> take(String connectionId) {
    Instant now = clock.instant();
    Deque<Instant> times = recent.computeIfAbsent(connectionId, k -> new ArrayDeque<>());
    while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
      times.pollFirst();
    }
    if (times.size() >= maxPerMinute) {
      return Optional.of(Duration.between(now, times.peekFirst().plus(WINDOW)));
    }
    times.addLast(now);
    return Optional.empty();
  }
}
