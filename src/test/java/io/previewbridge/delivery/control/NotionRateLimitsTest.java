package io.previewbridge.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The limiter in front of Notion: rates, bursts, when the next permit is free, 429 holds. */
class NotionRateLimitsTest {

  final MutableClock clock = new MutableClock();
  final Instant start = clock.now;

  /** 2/s burst 4 per connection; the workspace limit high enough not to matter unless said. */
  NotionRateLimits limits(double perConnection, int burst, double perWorkspace, int wsBurst) {
    return new NotionRateLimits(clock, perConnection, burst, perWorkspace, wsBurst);
  }

  @Test
  void aBurstGoesAtOnceThenTheNextPermitIsOneIntervalLater() {
    NotionRateLimits limits = limits(2, 4, 100, 100);

    for (int i = 0; i < 4; i++) {
      assertThat(limits.acquire("c1", "w1")).as("request %d of the burst", i + 1).isEmpty();
    }
    assertThat(limits.acquire("c1", "w1")).contains(start.plusMillis(500));
  }

  @Test
  void everyWaiterIsToldWhenTheNextPermitIsFreeWithoutTakingOrQueueingIt() {
    NotionRateLimits limits = limits(2, 1, 100, 100);
    assertThat(limits.acquire("c1", "w1")).isEmpty();

    // a burst of changes: each newer state of a link asks again; none pushes the next one back
    assertThat(limits.acquire("c1", "w1")).contains(start.plusMillis(500));
    assertThat(limits.acquire("c1", "w1")).contains(start.plusMillis(500));
    assertThat(limits.acquire("c1", "w1")).contains(start.plusMillis(500));

    // whoever comes back at that time gets the permit the bucket refilled, then the next waits
    clock.now = start.plusMillis(500);
    assertThat(limits.acquire("c1", "w1")).isEmpty();
    assertThat(limits.acquire("c1", "w1")).contains(start.plusMillis(1000));
  }

  @Test
  void overTimeNoMoreThanBurstPlusRateTimesElapsedGo() {
    NotionRateLimits limits = limits(2, 4, 100, 100);
    List<Instant> sent = new ArrayList<>();
    // a sender that tries every 10 ms for 10 s
    for (int ms = 0; ms <= 10_000; ms += 10) {
      clock.now = start.plusMillis(ms);
      if (limits.acquire("c1", "w1").isEmpty()) {
        sent.add(clock.now);
      }
    }
    // 4 at once, then 2 per second: 4 + 20
    assertThat(sent).hasSize(24);
    for (int i = 0; i < sent.size(); i++) {
      for (int j = i; j < sent.size(); j++) {
        double seconds = Duration.between(sent.get(i), sent.get(j)).toMillis() / 1000.0;
        assertThat(j - i + 1).isLessThanOrEqualTo((int) Math.floor(4 + 2 * seconds + 1e-9));
      }
    }
  }

  @Test
  void anIdleConnectionRefillsOnlyUpToItsBurst() {
    NotionRateLimits limits = limits(2, 3, 100, 100);
    for (int i = 0; i < 3; i++) {
      limits.acquire("c1", "w1");
    }
    clock.now = start.plusSeconds(60);

    int granted = 0;
    while (limits.acquire("c1", "w1").isEmpty()) {
      granted++;
    }
    assertThat(granted).isEqualTo(3);
  }

  @Test
  void connectionsHaveTheirOwnBuckets() {
    NotionRateLimits limits = limits(1, 1, 100, 100);

    assertThat(limits.acquire("c1", "w1")).isEmpty();
    assertThat(limits.acquire("c1", "w1")).isPresent();
    assertThat(limits.acquire("c2", "w2")).isEmpty();
  }

  @Test
  void theWorkspaceLimitsAllItsConnectionsTogether() {
    NotionRateLimits limits = limits(10, 10, 1, 2);

    assertThat(limits.acquire("c1", "shared")).isEmpty();
    assertThat(limits.acquire("c2", "shared")).isEmpty();
    Optional<Instant> third = limits.acquire("c3", "shared");

    assertThat(third).contains(start.plusSeconds(1));
    assertThat(limits.acquire("c4", "elsewhere")).as("another workspace").isEmpty();
  }

  @Test
  void aDeniedWorkspaceTakesNoPermitFromTheConnection() {
    NotionRateLimits limits = limits(10, 1, 1, 1);
    assertThat(limits.acquire("c1", "shared")).isEmpty();
    clock.now = start.plusMillis(200);

    assertThat(limits.acquire("c2", "shared")).as("workspace exhausted").isPresent();
    // c2's own bucket was not spent by the refused request
    assertThat(limits.acquire("c2", "other")).isEmpty();
  }

  @Test
  void retryAfterHoldsTheConnectionThenLetsOneRequestGo() {
    NotionRateLimits limits = limits(2, 4, 100, 100);
    Instant until = start.plusSeconds(30);

    limits.holdConnection("c1", until);

    assertThat(limits.acquire("c1", "w1")).contains(until);
    clock.now = until.minusMillis(1);
    assertThat(limits.acquire("c1", "w1")).isPresent();
    clock.now = until;
    assertThat(limits.acquire("c1", "w1")).isEmpty();
    assertThat(limits.acquire("c1", "w1")).as("no whole burst right after a 429").isPresent();
    clock.now = until.plusMillis(500);
    assertThat(limits.acquire("c1", "w1")).as("then the configured rate").isEmpty();
    assertThat(limits.acquire("c2", "w1")).as("other connections are not held").isEmpty();
  }

  @Test
  void aShorterHoldDoesNotShortenALongerOne() {
    NotionRateLimits limits = limits(2, 4, 100, 100);
    limits.holdConnection("c1", start.plusSeconds(30));
    limits.holdConnection("c1", start.plusSeconds(5));

    clock.now = start.plusSeconds(10);
    assertThat(limits.acquire("c1", "w1")).contains(start.plusSeconds(30));
  }

  @Test
  void withoutAWorkspaceOnlyTheConnectionLimits() {
    NotionRateLimits limits = limits(2, 1, 1, 1);
    assertThat(limits.acquire("c1", null)).isEmpty();
    assertThat(limits.acquire("c2", null)).isEmpty();
  }

  @Test
  void liveNodesShareTheLimitSoThatTogetherTheyStayUnderIt() {
    NotionRateLimits limits = limits(2, 4, 100, 100);
    int[] live = {2};
    limits.liveNodes = () -> live[0];

    // each of two nodes: burst 2, then one permit a second (together burst 4 and 2/s)
    assertThat(limits.acquire("c1", "w1")).isEmpty();
    assertThat(limits.acquire("c1", "w1")).isEmpty();
    assertThat(limits.acquire("c1", "w1")).contains(start.plusSeconds(1));
    int sent = 0;
    for (int ms = 10; ms <= 10_000; ms += 10) {
      clock.now = start.plusMillis(ms);
      sent += limits.acquire("c1", "w1").isEmpty() ? 1 : 0;
    }
    assertThat(sent).as("one node's share over 10 s: 1/s").isEqualTo(10);
  }

  @Test
  void whenANodeDiesTheOthersTakeItsShareKeepingNotionsHolds() {
    NotionRateLimits limits = limits(2, 4, 100, 100);
    int[] live = {2};
    limits.liveNodes = () -> live[0];
    assertThat(limits.acquire("c1", "w1")).isEmpty();
    limits.holdConnection("c2", start.plusSeconds(30));

    live[0] = 1;
    clock.now = start.plusSeconds(10);

    for (int i = 0; i < 4; i++) {
      assertThat(limits.acquire("c1", "w1")).as("the whole burst again: %d", i + 1).isEmpty();
    }
    assertThat(limits.acquire("c1", "w1")).contains(clock.now.plusMillis(500));
    assertThat(limits.acquire("c2", "w1"))
        .as("Retry-After still holds")
        .contains(start.plusSeconds(30));
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> limits(0, 4, 2, 5))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining(NotionRateLimits.RATE_PER_CONNECTION);
    assertThatThrownBy(() -> limits(2, 4, 2, 0))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining(NotionRateLimits.BURST_PER_WORKSPACE);
    assertThatThrownBy(() -> limits(2, 4, Double.NaN, 5))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining(NotionRateLimits.RATE_PER_WORKSPACE);
  }
}
