package io.previewbridge.sources.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.control.FetchCache;
import io.previewbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TTL and single flight of the unfurl cache. */
class FetchCacheTest {

  final ExecutorService executor = Executors.newFixedThreadPool(4);
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  final AtomicInteger loads = new AtomicInteger();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  FetchCache<String, String> cache(Duration ttl) {
    return new FetchCache<>(ttl, clock, value -> !value.startsWith("transient"));
  }

  String load(String value) {
    loads.incrementAndGet();
    return value;
  }

  @Test
  void aValueAnswersRepeatedCallsWithinTheTtlAndIsLoadedAgainAfter() throws Exception {
    FetchCache<String, String> cache = cache(Duration.ofSeconds(30));

    assertThat(cache.get("k", () -> load("one"), executor).get()).isEqualTo("one");
    clock.advance(Duration.ofSeconds(29));
    assertThat(cache.get("k", () -> load("two"), executor).get()).isEqualTo("one");
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.get("k", () -> load("three"), executor).get()).isEqualTo("three");

    assertThat(loads).hasValue(2);
  }

  @Test
  void concurrentCallersShareOneLoad() throws Exception {
    FetchCache<String, String> cache = cache(Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(8);
    ExecutorService callers = Executors.newFixedThreadPool(8);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        answers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  started.countDown();
                  return cache
                      .get(
                          "k",
                          () -> {
                            loads.incrementAndGet();
                            await(release);
                            return "shared";
                          },
                          executor)
                      .join();
                },
                callers));
      }
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100); // all callers are waiting on the one load
      release.countDown();
      for (CompletableFuture<String> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void differentKeysDoNotShare() throws Exception {
    FetchCache<String, String> cache = cache(Duration.ofSeconds(30));

    cache.get("connection-a|uri", () -> load("a"), executor).get();
    String b = cache.get("connection-b|uri", () -> load("b"), executor).get();

    assertThat(b).isEqualTo("b");
    assertThat(loads).hasValue(2);
  }

  @Test
  void passingTroubleIsNotKept() throws Exception {
    FetchCache<String, String> cache = cache(Duration.ofSeconds(30));

    cache.get("k", () -> load("transient timeout"), executor).get();
    assertThat(cache.get("k", () -> load("fine"), executor).get()).isEqualTo("fine");
    assertThat(loads).hasValue(2);
  }

  @Test
  void aFailedLoadIsNotKeptEither() throws Exception {
    FetchCache<String, String> cache = cache(Duration.ofSeconds(30));

    CompletableFuture<String> failed =
        cache.get(
            "k",
            () -> {
              throw new IllegalStateException("boom");
            },
            executor);
    assertThat(failed).failsWithin(Duration.ofSeconds(5));
    assertThat(cache.get("k", () -> load("after"), executor).get()).isEqualTo("after");
  }

  @Test
  void aZeroTtlKeepsNothing() throws Exception {
    FetchCache<String, String> cache = cache(Duration.ZERO);

    cache.get("k", () -> load("one"), executor).get();
    cache.get("k", () -> load("two"), executor).get();

    assertThat(loads).hasValue(2);
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
