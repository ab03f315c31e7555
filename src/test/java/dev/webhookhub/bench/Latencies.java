package dev.webhookhub.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Ingest→arrival latencies of marked events ({@code bench-<scenario>-<i>}): the sender's stamp of
 * event {@code i} against the receiver's first arrival stamp of it. Percentiles count every event
 * expected: one not arrived counts as longer than any arrived, so a percentile that falls on those
 * is {@code null} ("not arrived").
 */
final class Latencies {

  private final List<Long> sortedMicros;
  private final long expected;

  private Latencies(List<Long> sortedMicros, long expected) {
    this.sortedMicros = sortedMicros;
    this.expected = expected;
  }

  /** Marker of event {@code i} of a scenario. */
  static String marker(String scenario, long i) {
    return prefix(scenario) + i;
  }

  /**
   * The first arrival of each marked event of {@code scenario} under the receiver's {@code key}, by
   * event index, in epoch microseconds.
   */
  static Map<Long, Long> firstArrivals(
      List<ReceiverProcess.Arrival> arrivals, String key, String scenario) {
    String prefix = prefix(scenario);
    Map<Long, Long> first = new HashMap<>();
    for (ReceiverProcess.Arrival a : arrivals) {
      if (a.key().equals(key) && a.marker().startsWith(prefix)) {
        first.merge(Long.parseLong(a.marker().substring(prefix.length())), a.micros(), Math::min);
      }
    }
    return first;
  }

  /**
   * The latencies of the events {@code counted} selects, of which {@code expected} were to arrive.
   *
   * @param sentMicros send stamp by event index
   */
  static Latencies of(
      Map<Long, Long> firstArrivals, long[] sentMicros, LongPredicate counted, long expected) {
    List<Long> micros = new ArrayList<>();
    firstArrivals.forEach(
        (i, arrived) -> {
          if (counted.test(i)) {
            micros.add(arrived - sentMicros[i.intValue()]);
          }
        });
    micros.sort(null);
    return new Latencies(micros, expected);
  }

  /** The {@code q} quantile in milliseconds, or null when it falls on an event not arrived. */
  Double quantileMillis(double q) {
    int index = (int) Math.ceil(q * expected) - 1;
    return index < sortedMicros.size() ? sortedMicros.get(Math.max(0, index)) / 1000.0 : null;
  }

  long arrived() {
    return sortedMicros.size();
  }

  long missing() {
    return expected - sortedMicros.size();
  }

  /** What every marker of {@code scenario} starts with. */
  static String prefix(String scenario) {
    return "bench-" + scenario + "-";
  }
}
