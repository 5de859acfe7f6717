package io.previewbridge.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T06:00:30Z"));
  final Latencies latencies = new Latencies(clock);

  @Test
  void anHourOfMinutesEndingWithTheCurrentOneAllEmptyAtFirst() {
    List<Latencies.Minute> hour = latencies.lastHour();

    assertThat(hour).hasSize(60);
    assertThat(hour.get(59).start()).isEqualTo(Instant.parse("2026-11-25T06:00:00Z"));
    assertThat(hour.get(0).start()).isEqualTo(Instant.parse("2026-11-25T05:01:00Z"));
    assertThat(hour).allSatisfy(m -> assertThat(m.count()).isZero());
  }

  @Test
  void eachMinuteHasItsCountAndNearestRankPercentiles() {
    for (int ms = 1; ms <= 100; ms++) {
      latencies.record(Duration.ofMillis(ms));
    }
    clock.advance(Duration.ofMinutes(1));
    latencies.record(Duration.ofMillis(700));

    List<Latencies.Minute> hour = latencies.lastHour();

    Latencies.Minute previous = hour.get(58);
    assertThat(previous.start()).isEqualTo(Instant.parse("2026-11-25T06:00:00Z"));
    assertThat(previous.count()).isEqualTo(100);
    assertThat(previous.p50Millis()).isEqualTo(50);
    assertThat(previous.p95Millis()).isEqualTo(95);
    Latencies.Minute current = hour.get(59);
    assertThat(current.count()).isEqualTo(1);
    assertThat(current.p50Millis()).isEqualTo(700);
    assertThat(current.p95Millis()).isEqualTo(700);
  }

  @Test
  void minutesOlderThanAnHourAreForgottenEvenWhenTheirSlotIsReused() {
    latencies.record(Duration.ofMillis(40));
    clock.advance(Duration.ofMinutes(60));

    assertThat(latencies.lastHour()).allSatisfy(m -> assertThat(m.count()).isZero());

    latencies.record(Duration.ofMillis(9));
    Latencies.Minute current = latencies.lastHour().get(59);
    assertThat(current.count()).isEqualTo(1);
    assertThat(current.p95Millis()).isEqualTo(9);
  }

  @Test
  void aBusyMinuteKeepsCountingPastTheSampleLimit() {
    int n = Latencies.SAMPLES_PER_MINUTE * 3;
    for (int i = 0; i < n; i++) {
      latencies.record(Duration.ofMillis(i % 2 == 0 ? 10 : 20));
    }

    Latencies.Minute current = latencies.lastHour().get(59);

    assertThat(current.count()).isEqualTo(n);
    assertThat(current.p50Millis()).isIn(10L, 20L);
    assertThat(current.p95Millis()).isEqualTo(20);
  }

  @Test
  void concurrentRecordingLosesNoCount() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 5000; i++) {
                  latencies.record(Duration.ofMillis(i % 100));
                }
              }));
    }
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(latencies.lastHour().get(59).count()).isEqualTo(20_000);
  }

  @Test
  void negativeDurationsCountAsZero() {
    latencies.record(Duration.ofMillis(-5));

    assertThat(latencies.lastHour().get(59).p50Millis()).isZero();
  }
}
