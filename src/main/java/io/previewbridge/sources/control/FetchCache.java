package io.previewbridge.sources.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A short-lived cache with single flight: the first caller for a key starts the load, callers that
 * arrive while it runs get the same future, and a finished value answers callers for {@code ttl}.
 * Values that {@code keep} rejects (passing trouble, such as a timeout) are dropped as soon as they
 * are delivered, so the next caller tries again.
 *
 * <p>Memory only and per server; expired entries are swept when the cache grows.
 */
public final class FetchCache<K, V> {

  private record Entry<V>(CompletableFuture<V> value, Instant[] doneAt) {}

  private static final int SWEEP_ABOVE = 1_000;

  private final Duration ttl;
  private final Clock clock;
  private final Predicate<V> keep;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

  public FetchCache(Duration ttl, Clock clock, Predicate<V> keep) {
    this.ttl = ttl;
    this.clock = clock;
    this.keep = keep;
  }

  /**
   * The value for {@code key}: cached, in flight, or loaded now by {@code loader} on {@code
   * executor}. A zero or negative TTL still shares a load in flight but keeps nothing afterwards.
   */
  public CompletableFuture<V> get(K key, Supplier<V> loader, Executor executor) {
    Entry<V> created = new Entry<>(new CompletableFuture<>(), new Instant[1]);
    Entry<V> entry = entries.compute(key, (k, existing) -> fresh(existing) ? existing : created);
    if (entry == created) {
      if (entries.size() > SWEEP_ABOVE) {
        entries.entrySet().removeIf(e -> !fresh(e.getValue()));
      }
      try {
        executor.execute(() -> load(key, created, loader));
      } catch (RuntimeException rejected) {
        entries.remove(key, created);
        created.value().completeExceptionally(rejected);
      }
    }
    return entry.value();
  }

  private void load(K key, Entry<V> entry, Supplier<V> loader) {
    V value;
    try {
      value = loader.get();
    } catch (RuntimeException | Error e) {
      entries.remove(key, entry);
      entry.value().completeExceptionally(e);
      return;
    }
    synchronized (entry) {
      entry.doneAt()[0] = clock.instant();
    }
    if (!keep.test(value) || ttl.isZero() || ttl.isNegative()) {
      entries.remove(key, entry);
    }
    entry.value().complete(value);
  }

  private boolean fresh(Entry<V> entry) {
    if (entry == null) {
      return false;
    }
    Instant done;
    synchronized (entry) {
      done = entry.doneAt()[0];
    }
    if (done == null) {
      return !entry.value().isDone(); // in flight (a failed load is removed)
    }
    return clock.instant().isBefore(done.plus(ttl));
  }

  /** Forgets {@code key}, e.g. when what it caches is known to have changed. */
  public void invalidate(K key) {
    entries.remove(key);
  }

  int size() {
    return entries.size();
  }
}
