package io.previewbridge.identity.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No more password hashes at once than the gate allows; the one beyond waits, then is refused. */
class HashingGateTest {

  @Test
  void aCheckBeyondThePermitsIsRefusedWithoutHashingAndOneAfterThemGoesThrough() throws Exception {
    HashingGate gate = new HashingGate(1, 200);
    CountDownLatch hashing = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () ->
                gate.run(
                    () -> {
                      hashing.countDown();
                      try {
                        finish.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return "first";
                    }));
    assertThat(hashing.await(10, TimeUnit.SECONDS)).isTrue();

    boolean[] hashed = {false};
    assertThatThrownBy(() -> gate.run(() -> hashed[0] = true)).isInstanceOf(SignInBusy.class);
    assertThat(hashed[0]).as("refused before any hashing").isFalse();

    finish.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(gate.run(() -> "second")).isEqualTo("second");
  }
}
