package io.previewbridge.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.delivery.entity.Delivery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalescingTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  static Delivery delivery(String payload, int secondsAfterT0) {
    return new Delivery(
        "preview-1",
        "conn-1",
        "https://x.example/1",
        payload,
        "hash-" + payload,
        T0.plusSeconds(secondsAfterT0));
  }

  @Test
  void onlyTheNewestPendingDeliveryIsSentTheOthersAreSuperseded() {
    Delivery first = delivery("v1", 0);
    Delivery second = delivery("v2", 5);
    Delivery third = delivery("v3", 9);

    var kept = Coalescing.keepNewest(List.of(second, third, first));

    assertThat(kept).containsSame(third);
    assertThat(first.status()).isEqualTo(Delivery.Status.SUPERSEDED);
    assertThat(second.status()).isEqualTo(Delivery.Status.SUPERSEDED);
    assertThat(third.status()).isEqualTo(Delivery.Status.PENDING);
  }

  @Test
  void deliveredOrFailedDeliveriesAreNotTouched() {
    Delivery delivered = delivery("v1", 20);
    delivered.delivered(200, T0.plusSeconds(21));
    Delivery pending = delivery("v2", 5);

    var kept = Coalescing.keepNewest(List.of(delivered, pending));

    assertThat(kept).containsSame(pending);
    assertThat(delivered.status()).isEqualTo(Delivery.Status.DELIVERED);
  }

  @Test
  void nothingPendingKeepsNothing() {
    assertThat(Coalescing.keepNewest(List.of())).isEmpty();
  }

  @Test
  void aSingleDeliveryIsKept() {
    Delivery only = delivery("v1", 0);
    assertThat(Coalescing.keepNewest(List.of(only))).containsSame(only);
    assertThat(only.status()).isEqualTo(Delivery.Status.PENDING);
  }
}
