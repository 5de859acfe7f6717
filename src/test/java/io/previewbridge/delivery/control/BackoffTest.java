package io.previewbridge.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));

  @ParameterizedTest(name = "after {0} failures: {1}s to {2}s")
  @CsvSource({
    "1, 1, 2",
    "2, 2, 4",
    "3, 4, 8",
    "4, 8, 16",
    "9, 256, 512",
    "10, 300, 600",
    "50, 300, 600",
    "1000, 300, 600"
  })
  void doublesPerFailureWithEqualJitterUpToTheCap(int failures, long minSeconds, long maxSeconds) {
    Duration lowest = backoff.delay(failures, Optional.empty(), () -> 0.0);
    Duration highest = backoff.delay(failures, Optional.empty(), () -> 0.999999);

    assertThat(lowest).isEqualTo(Duration.ofSeconds(minSeconds));
    assertThat(highest)
        .isLessThanOrEqualTo(Duration.ofSeconds(maxSeconds))
        .isGreaterThan(Duration.ofSeconds(maxSeconds).minusMillis(2));
  }

  @ParameterizedTest(name = "Retry-After {0}s after {1} failures")
  @CsvSource({"30, 1", "30, 9", "1, 5", "3600, 1", "0, 3"})
  void retryAfterWinsPlusAtMostASecondOfJitter(long retryAfter, int failures) {
    Duration lowest =
        backoff.delay(failures, Optional.of(Duration.ofSeconds(retryAfter)), () -> 0.0);
    Duration highest =
        backoff.delay(failures, Optional.of(Duration.ofSeconds(retryAfter)), () -> 0.999);

    assertThat(lowest).isEqualTo(Duration.ofSeconds(retryAfter));
    assertThat(highest)
        .isBetween(Duration.ofSeconds(retryAfter), Duration.ofSeconds(retryAfter + 1));
  }

  @Test
  void jitterSpreadsRetries() {
    assertThat(backoff.delay(3, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
