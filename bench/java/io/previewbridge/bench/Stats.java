package io.previewbridge.bench;

import java.util.Arrays;

/** Throughput and latency percentiles of one measured phase. */
record Stats(String name, long requests, long errors, double seconds, long[] latenciesNanos) {

  double throughput() {
    return requests / seconds;
  }

  double percentileMillis(double p) {
    if (latenciesNanos.length == 0) {
      return Double.NaN;
    }
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1_000_000.0;
  }
}
