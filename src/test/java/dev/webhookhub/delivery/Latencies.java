package dev.webhookhub.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Latencies of deliveries (send to arrival) and their percentiles, nearest-rank. */
final class Latencies {

  private final List<Duration> samples = new ArrayList<>();

  void add(Duration latency) {
    samples.add(latency);
  }

  int count() {
    return samples.size();
  }

  /** The {@code q}-quantile, {@code 0 < q <= 1}: the smallest sample at least q of all reach. */
  Duration percentile(double q) {
    if (samples.isEmpty()) {
      throw new IllegalStateException("no latencies measured");
    }
    List<Duration> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
  }

  @Override
  public String toString() {
    return String.format(
        "%d deliveries, p50 %d ms, p95 %d ms, p99 %d ms, max %d ms",
        count(),
        percentile(0.50).toMillis(),
        percentile(0.95).toMillis(),
        percentile(0.99).toMillis(),
        percentile(1.0).toMillis());
  }
}
