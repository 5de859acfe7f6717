package io.previewbridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop load generator: {@code workers} threads each send one request after another for a
 * fixed time, after a warm-up whose results are discarded. A request counts as an error unless its
 * check passes; errors are reported, never silently folded into the latency figures.
 */
final class Load {

  /** One request of a worker; returns whether the answer was what the benchmark expects. */
  interface Request {
    boolean send(int worker, long sequence) throws Exception;
  }

  private Load() {}

  static Stats run(String name, int workers, Duration warmUp, Duration measure, Request request)
      throws Exception {
    drive(workers, warmUp, request);
    return drive(name, workers, measure, request);
  }

  private static void drive(int workers, Duration time, Request request) throws Exception {
    drive("warm-up", workers, time, request);
  }

  private static Stats drive(String name, int workers, Duration time, Request request)
      throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<long[]>> results = new ArrayList<>();
    long[] errors = new long[workers];
    long start = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      results.add(
          pool.submit(
              () -> {
                long[] latencies = new long[1 << 16];
                int count = 0;
                long sequence = 0;
                while (running.get()) {
                  long begin = System.nanoTime();
                  boolean ok;
                  try {
                    ok = request.send(worker, sequence++);
                  } catch (Exception e) {
                    ok = false;
                  }
                  long took = System.nanoTime() - begin;
                  if (!ok) {
                    errors[worker]++;
                    continue;
                  }
                  if (count == latencies.length) {
                    latencies = java.util.Arrays.copyOf(latencies, count * 2);
                  }
                  latencies[count++] = took;
                }
                return java.util.Arrays.copyOf(latencies, count);
              }));
    }
    Thread.sleep(time.toMillis());
    running.set(false);
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : results) {
      all.add(f.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    int total = all.stream().mapToInt(a -> a.length).sum();
    long[] merged = new long[total];
    int at = 0;
    for (long[] a : all) {
      System.arraycopy(a, 0, merged, at, a.length);
      at += a.length;
    }
    long errorCount = java.util.Arrays.stream(errors).sum();
    return new Stats(name, total, errorCount, seconds, merged);
  }
}
