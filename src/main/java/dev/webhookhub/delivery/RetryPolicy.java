package dev.webhookhub.delivery;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a subscription's failed deliveries are retried: the waits before each retry (so a policy with
 * n delays makes at most n + 1 attempts), the timeout of one attempt, and whether running out of
 * retries disables the subscription.
 *
 * @param preset the named preset this came from, or {@code null} for an explicit list
 */
public record RetryPolicy(
    String preset, List<Duration> delays, int timeoutSeconds, boolean disableOnExhaustion) {

  /** The seeds' attempt timeout. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 30;

  /**
   * Named schedules taken from the seed contracts. FitMetrics promises "up to 3 attempts" without
   * saying when; one minute then five is our choice.
   */
  public static final Map<String, List<Duration>> PRESETS =
      Map.of(
          "default", minutes(5.0 / 60, 5, 30, 120, 300, 600, 600),
          "fineguide", minutes(1, 5, 15),
          "fitmetrics", minutes(1, 5),
          "fitprotracker", minutes(1, 5, 30, 120, 360, 720, 1440));

  public RetryPolicy {
    delays = List.copyOf(delays);
  }

  public static RetryPolicy preset(String name) {
    List<Duration> delays = PRESETS.get(name);
    if (delays == null) {
      throw new IllegalArgumentException("unknown retry preset " + name);
    }
    return new RetryPolicy(name, delays, DEFAULT_TIMEOUT_SECONDS, true);
  }

  public static RetryPolicy defaults() {
    return preset("default");
  }

  public int maxAttempts() {
    return delays.size() + 1;
  }

  private static List<Duration> minutes(double... values) {
    return Arrays.stream(values).mapToObj(m -> Duration.ofSeconds(Math.round(m * 60))).toList();
  }
}
