package io.previewbridge.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverviewTest {

  @Test
  void pushLatencyIsGroupedByTheMinuteOfDelivery() {
    long first = Latencies.epochMinute(Instant.parse("2026-11-25T05:01:00Z"));
    List<Object[]> rows =
        List.of(
            pair("2026-11-25T05:59:59.000Z", "2026-11-25T06:00:00.250Z"),
            pair("2026-11-25T06:00:10Z", "2026-11-25T06:00:12Z"),
            // the provider may hand back the column type: still counted
            new Object[] {
              Instant.parse("2026-11-25T06:00:20Z").atOffset(ZoneOffset.UTC),
              Instant.parse("2026-11-25T06:00:20.100Z").atOffset(ZoneOffset.UTC)
            },
            // older than the hour: left out
            pair("2026-11-25T04:00:00Z", "2026-11-25T04:00:01Z"));

    List<Latencies.Minute> minutes = Overview.perMinute(rows, first);

    assertThat(minutes).hasSize(60);
    Latencies.Minute last = minutes.get(59);
    assertThat(last.start()).isEqualTo(Instant.parse("2026-11-25T06:00:00Z"));
    assertThat(last.count()).isEqualTo(3);
    assertThat(last.p50Millis()).isEqualTo(1250);
    assertThat(last.p95Millis()).isEqualTo(2000);
    assertThat(minutes.subList(0, 59)).allSatisfy(m -> assertThat(m.count()).isZero());
  }

  private static Object[] pair(String created, String delivered) {
    return new Object[] {Instant.parse(created), Instant.parse(delivered)};
  }
}
