package io.previewbridge.unfurl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnfurlLimitsTest {

  final MutableClock clock = new MutableClock();
  final UnfurlLimits limits = limits(3);

  UnfurlLimits limits(int perMinute) {
    UnfurlLimits limits = new UnfurlLimits();
    limits.clock = clock;
    limits.maxPerMinute = perMinute;
    return limits;
  }

  @Test
  void aConnectionGetsItsQuotaInAnyMinuteThenHearsHowLongToWait() {
    assertThat(limits.take("c1")).isEmpty();
    clock.advance(Duration.ofSeconds(20));
    assertThat(limits.take("c1")).isEmpty();
    assertThat(limits.take("c1")).isEmpty();

    assertThat(limits.take("c1")).contains(Duration.ofSeconds(40));
    clock.advance(Duration.ofSeconds(39));
    assertThat(limits.take("c1")).contains(Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(1));
    assertThat(limits.take("c1")).as("the first unfurl left the window").isEmpty();
    assertThat(limits.take("c1")).isPresent();
  }

  @Test
  void oneBusyConnectionDoesNotSlowAnother() {
    for (int i = 0; i < 3; i++) {
      assertThat(limits.take("busy")).isEmpty();
    }
    assertThat(limits.take("busy")).isPresent();
    assertThat(limits.take("quiet")).isEmpty();
  }

  @Test
  void refusedAsksDoNotCountAgainstTheNextMinute() {
    for (int i = 0; i < 3; i++) {
      limits.take("c1");
    }
    for (int i = 0; i < 50; i++) {
      assertThat(limits.take("c1")).isPresent();
    }
    clock.advance(Duration.ofMinutes(1));
    assertThat(limits.take("c1")).isEmpty();
  }
}
