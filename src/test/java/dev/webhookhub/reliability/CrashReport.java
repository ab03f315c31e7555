package dev.webhookhub.reliability;

import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What one run of {@link CrashScenario} found: the promise (nothing lost, every delivery seen is on
 * record, order on the healthy subscriptions) and the figures (duplicates, time to recover).
 */
record CrashReport(
    CrashScenario.Plan plan,
    long expectedPairs,
    long arrivedPairs,
    long decidedPairs,
    List<String> lost,
    long duplicates,
    long posts,
    long postsWithoutOwnRecord,
    List<String> unrecorded,
    List<String> disorder,
    long deadLetters,
    long unreadable,
    int httpRetries,
    int jmsRetries,
    double seconds,
    String incomplete,
    List<Recovery> recoveries) {

  /**
   * One restart, in seconds after the kill: until the restarted hub was ready, until the first
   * delivery after that, and until the first delivery by any hub (with several hubs the others go
   * on delivering, so this is how long the cluster stalled, if at all).
   */
  record Recovery(double ready, double firstDeliveryAfterReady, double firstDeliveryAnyHub) {}

  boolean passed() {
    return incomplete == null
        && lost.isEmpty()
        && unrecorded.isEmpty()
        && disorder.isEmpty()
        && unreadable == 0;
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "%s (seed %d)%s: %d (event, subscription) pairs: %d arrived, %d decided (dead, skipped,"
            + " dead letter), %d lost %s; %d duplicates; %d POSTs, %d without an attempt record"
            + " of their own; %d deliveries seen but not on record %s; %d out of order %s;"
            + " %d unreadable; %d HTTP and %d JMS sends repeated; drained in %.0f s;"
            + " recovery after kill -9 %s",
        plan.part(),
        plan.seed(),
        incomplete == null ? "" : ", CUT SHORT: " + incomplete,
        expectedPairs,
        arrivedPairs,
        decidedPairs,
        lost.size(),
        lost.stream().limit(10).toList(),
        duplicates,
        posts,
        postsWithoutOwnRecord,
        unrecorded.size(),
        unrecorded.stream().limit(10).toList(),
        disorder.size(),
        disorder.stream().limit(10).toList(),
        unreadable,
        httpRetries,
        jmsRetries,
        seconds,
        recoveryFigures());
  }

  private String recoveryFigures() {
    return String.format(
        Locale.ROOT,
        "(s after the kill, median / max): ready %s, first delivery after ready %s, first"
            + " delivery by any hub %s",
        medianMax(Recovery::ready),
        medianMax(Recovery::firstDeliveryAfterReady),
        medianMax(Recovery::firstDeliveryAnyHub));
  }

  private String medianMax(ToDoubleFunction<Recovery> figure) {
    double[] values =
        recoveries.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (values.length == 0) {
      return "—";
    }
    DoubleSummaryStatistics stats = java.util.Arrays.stream(values).summaryStatistics();
    return String.format(Locale.ROOT, "%.1f / %.1f", values[values.length / 2], stats.getMax());
  }

  /**
   * Appends this run's row: part, scenario, load held, faults survived, bad inputs tried, events
   * lost, duplicates, result, notes.
   */
  void appendRow(String scenario) {
    new ReliabilityRow(
            plan.part(),
            scenario,
            String.format(
                Locale.ROOT,
                "%,d events (HTTP, JMS, outbox), %,d deliveries in %.0f s",
                plan.events(),
                expectedPairs,
                seconds),
            String.format(
                Locale.ROOT,
                "%d × kill -9 (%d hub%s)",
                recoveries.size(),
                plan.hubs(),
                plan.hubs() == 1 ? "" : "s"),
            ReliabilityRow.NA,
            String.valueOf(lost.size()),
            String.valueOf(duplicates),
            passed(),
            String.format(
                Locale.ROOT,
                "%sseed %d; %,d decided (dead/skipped); %d POSTs without an attempt record of"
                    + " their own, %d deliveries not on record; %d out of order; recovery %s",
                incomplete == null ? "" : "cut short: " + incomplete + "; ",
                plan.seed(),
                decidedPairs,
                postsWithoutOwnRecord,
                unrecorded.size(),
                disorder.size(),
                recoveryFigures()))
        .appendTo("crash");
  }
}
