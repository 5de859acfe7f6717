package io.previewbridge.tracking.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.platform.control.ConfigurationProblem;
import io.previewbridge.sources.entity.Refresh;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hot previews often, settled ones backing off to the source's maximum, spread by jitter. */
class PollingScheduleTest {

  static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  /** The default bounds of a five-minute source: hot every minute, at most every 20 minutes. */
  static final Refresh FIVE_MINUTES = Refresh.of(Duration.ofMinutes(5));

  final PollingSchedule schedule = new PollingSchedule(Duration.ofMinutes(15), 0.1, 0.1, () -> 0.0);

  @ParameterizedTest(name = "quiet for {0}: every {1}")
  @CsvSource({
    // hot: just unfurled or changed
    "PT0S,    PT1M",
    "PT14M,   PT1M",
    // settled: refresh at first ...
    "PT15M,   PT5M",
    "PT50M,   PT5M",
    // ... then a tenth of the quiet time ...
    "PT1H,    PT6M",
    "PT2H,    PT12M",
    // ... up to the maximum
    "PT3H20M, PT20M",
    "P7D,     PT20M"
  })
  void theIntervalFollowsHowLongThePreviewHasBeenQuiet(Duration quiet, Duration expected) {
    assertThat(schedule.interval(FIVE_MINUTES, NOW.minus(quiet), NOW)).isEqualTo(expected);
  }

  @Test
  void unchangedChecksBackOffGraduallyNeverJumpingPastTheMaximum() {
    Instant lastChange = NOW;
    Instant at = NOW;
    List<Duration> intervals = new ArrayList<>();
    while (at.isBefore(NOW.plus(Duration.ofHours(6)))) {
      Duration interval = schedule.interval(FIVE_MINUTES, lastChange, at);
      intervals.add(interval);
      at = at.plus(interval);
    }
    for (int i = 1; i < intervals.size(); i++) {
      assertThat(intervals.get(i)).isGreaterThanOrEqualTo(intervals.get(i - 1));
      assertThat(intervals.get(i))
          .as("one step grows by at most the jump from hot to settled or by a tenth and a bit")
          .isLessThanOrEqualTo(
              max(FIVE_MINUTES.base(), intervals.get(i - 1).multipliedBy(12).dividedBy(10)));
    }
    assertThat(intervals.get(0)).isEqualTo(Duration.ofMinutes(1));
    assertThat(intervals.get(intervals.size() - 1)).isEqualTo(Duration.ofMinutes(20));
    // 15 hot checks, then far fewer: six hours cost about 40 checks instead of 72 at PT5M
    assertThat(intervals).hasSizeBetween(30, 50);
  }

  @Test
  void aFixedSourceIsCheckedAtItsIntervalWhateverThePreviewDoes() {
    Refresh fixed = Refresh.fixed(Duration.ofSeconds(30));
    assertThat(schedule.interval(fixed, NOW, NOW)).isEqualTo(Duration.ofSeconds(30));
    assertThat(schedule.interval(fixed, NOW.minus(Duration.ofDays(3)), NOW))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aChangeMakesThePreviewHotAgain() {
    Instant longAgo = NOW.minus(Duration.ofDays(1));
    assertThat(schedule.interval(FIVE_MINUTES, longAgo, NOW)).isEqualTo(Duration.ofMinutes(20));
    assertThat(schedule.interval(FIVE_MINUTES, NOW, NOW)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void jitterOnlyShortensAndSpreadsPreviewsThatWereUnfurledTogether() {
    Random random = new Random(42);
    PollingSchedule jittered =
        new PollingSchedule(Duration.ofMinutes(15), 0.1, 0.1, random::nextDouble);
    List<Instant> next = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      next.add(jittered.next(FIVE_MINUTES, NOW.minus(Duration.ofHours(1)), NOW));
    }
    Instant latest = NOW.plus(Duration.ofMinutes(6));
    Instant earliest = latest.minus(Duration.ofSeconds(36));
    assertThat(next).allSatisfy(at -> assertThat(at).isBetween(earliest, latest));
    // a thousand previews unfurled in the same second come back over the whole 36 s window
    long seconds = next.stream().map(at -> at.getEpochSecond()).distinct().count();
    assertThat(seconds).isGreaterThanOrEqualTo(35);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "hot-window,     PT-1S, 0.1, 0.1",
    "backoff-factor, PT15M, -1,  0.1",
    "jitter,         PT15M, 0.1, 1.0",
    "jitter,         PT15M, 0.1, -0.1"
  })
  void badSettingsStopTheStartNamingTheKey(String key, Duration hot, double factor, double jitter) {
    assertThatThrownBy(() -> new PollingSchedule(hot, factor, jitter, () -> 0))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining("previewbridge.tracking." + key);
  }

  static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
