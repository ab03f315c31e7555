package dev.webhookhub.bench;

import static dev.webhookhub.bench.BenchEvents.event;
import static dev.webhookhub.bench.BenchEvents.ingest;
import static dev.webhookhub.bench.BenchEvents.isolationBehaviour;
import static dev.webhookhub.bench.BenchEvents.micros;
import static dev.webhookhub.bench.BenchEvents.organization;
import static dev.webhookhub.bench.BenchSettings.DRAIN;
import static dev.webhookhub.bench.BenchSettings.P3_RESTART_AFTER;
import static dev.webhookhub.bench.BenchSettings.P3_RESTART_BEFORE;
import static dev.webhookhub.bench.BenchSettings.P3_RESTART_DRAIN;
import static dev.webhookhub.bench.BenchSettings.RATE;
import static dev.webhookhub.bench.BenchSettings.SENDERS;
import static dev.webhookhub.bench.BenchSettings.WARMUP;
import static org.awaitility.Awaitility.await;

import dev.webhookhub.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.awaitility.core.ConditionTimeoutException;

/**
 * P3 with a {@code kill -9}: the isolation scenario's 200 subscriptions (20 % hang or answer 500)
 * under the steady rate on a hub in its own process, killed while the failing subscriptions have a
 * backlog, and started again on the same data. The figure is how long after the restarted hub is
 * ready the healthy subscriptions receive again: the failing backlog, all due at once or held by
 * circuit state that the kill lost, must not stand in front of them.
 *
 * <p>The load stops for the kill and starts again at ready (an upstream sender retrying meanwhile
 * would only add to the first seconds' load). Events are marked, so the first healthy arrival after
 * the kill, the latencies after ready and any accepted event never delivered are known.
 */
final class RestartIsolation {

  private static final String SCENARIO = "P3 kill -9 + restart";
  private static final int ORGANIZATIONS = BenchEvents.ISOLATION_SUBSCRIPTIONS;

  private final BenchReport report;
  private final ReceiverProcess receiver;
  private final TestDatabase database;

  /** The receiver's keys and the events' markers. */
  private final String key;

  RestartIsolation(BenchReport report, ReceiverProcess receiver, TestDatabase database) {
    this.report = report;
    this.receiver = receiver;
    this.database = database;
    this.key = BenchEvents.receiverKey("p3r", database.name());
  }

  void run(Path workDir) throws Exception {
    String db = database.name();
    long before = RATE * P3_RESTART_BEFORE.toSeconds();
    long after = RATE * P3_RESTART_AFTER.toSeconds();
    long[] sentMicros = new long[Math.toIntExact(before + after)];
    Set<Long> accepted = ConcurrentHashMap.newKeySet();
    LongFunction<HttpLoad.Request> marked =
        i -> {
          sentMicros[(int) i] = micros();
          return ingest(event(Latencies.marker(key, i), organization(i, ORGANIZATIONS)));
        };
    String healthyKey = key + "/ok";
    try (HubJar hub = HubJar.forBench(workDir, database)) {
      hub.startReady();
      BenchEvents.subscribeIsolation(hub.admin(), receiver, key);
      Set<Long> warmAccepted = ConcurrentHashMap.newKeySet();
      try (HttpLoad load = new HttpLoad(hub.httpPort(), SENDERS)) {
        load.paced(
            RATE,
            WARMUP,
            i -> ingest(event("warm-" + i, organization(i, ORGANIZATIONS))),
            warmAccepted::add);
        long healthyWarm = warmAccepted.stream().filter(RestartIsolation::healthy).count();
        receiver.awaitCount(report, healthyKey, healthyWarm, DRAIN);
        receiver.arrivals(); // the warm-up's stamps are not measured
        load.paced(RATE, P3_RESTART_BEFORE, marked, accepted::add);
      }
      long failingWaiting =
          warmAccepted.stream().filter(i -> !healthy(i)).count()
              + accepted.stream().filter(i -> !healthy(i)).count();
      Map<String, Long> failingBefore = failingRequests();

      hub.kill();
      // What arrives from here on was sent by the restarted hub.
      long restartMicros = micros();
      Duration restart = hub.startReady();
      long readyMicros = micros();
      try (HttpLoad load = new HttpLoad(hub.httpPort(), SENDERS)) {
        load.paced(
            RATE, P3_RESTART_AFTER, i -> marked.apply(before + i), i -> accepted.add(before + i));
      }

      Set<Long> healthyAccepted = new HashSet<>();
      accepted.stream().filter(RestartIsolation::healthy).forEach(healthyAccepted::add);
      Collected arrived = new Collected(key, restartMicros);
      try {
        await()
            .atMost(P3_RESTART_DRAIN)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> arrived.take(receiver.arrivals()).containsAll(healthyAccepted));
      } catch (ConditionTimeoutException notAll) {
        // counted below as accepted and not delivered
      }
      Map<String, Long> failingAfter = failingRequests();
      report(
          db,
          restart,
          readyMicros,
          arrived,
          healthyAccepted,
          sentMicros,
          before,
          failingWaiting,
          failingAfter.get("hang") - failingBefore.get("hang"),
          failingAfter.get("fail") - failingBefore.get("fail"));
    }
  }

  /** The healthy arrivals: the first of each event, and the first from the restarted hub. */
  private static final class Collected {
    private final String scenario;
    private final String healthyKey;
    private final long restartMicros;
    private final Map<Long, Long> first = new HashMap<>();
    private long firstAfterRestart = Long.MAX_VALUE;

    Collected(String scenario, long restartMicros) {
      this.scenario = scenario;
      this.healthyKey = scenario + "/ok";
      this.restartMicros = restartMicros;
    }

    Set<Long> take(List<ReceiverProcess.Arrival> arrivals) {
      Latencies.firstArrivals(arrivals, healthyKey, scenario)
          .forEach((i, at) -> first.merge(i, at, Math::min));
      for (ReceiverProcess.Arrival a : arrivals) {
        if (a.key().equals(healthyKey) && a.micros() > restartMicros) {
          firstAfterRestart = Math.min(firstAfterRestart, a.micros());
        }
      }
      return first.keySet();
    }
  }

  private void report(
      String db,
      Duration restart,
      long readyMicros,
      Collected arrived,
      Set<Long> healthyAccepted,
      long[] sentMicros,
      long before,
      long failingWaiting,
      long hangingAfter,
      long failingAfter)
      throws Exception {
    report.info(
        SCENARIO,
        db,
        "restart (kill -9) → ready",
        restart.toMillis() / 1000.0,
        "s",
        String.format(
            "killed after %d s of %d events/s; %d deliveries to the 40 failing subscriptions"
                + " waiting (every failing event accepted: none can succeed)",
            P3_RESTART_BEFORE.toSeconds(), RATE, failingWaiting));
    if (arrived.firstAfterRestart == Long.MAX_VALUE) {
      report.add(
          new BenchReport.Row(
              SCENARIO,
              db,
              "healthy deliveries resume after ready",
              null,
              "s",
              "≤ 5 s",
              BenchReport.Verdict.FAIL,
              "no healthy delivery arrived after the restart"));
    } else {
      double resume = (arrived.firstAfterRestart - readyMicros) / 1e6;
      report.bound(
          SCENARIO,
          db,
          "healthy deliveries resume after ready",
          Math.max(0, resume),
          "s",
          5.0,
          false,
          "≤ 5 s",
          resume < 0
              ? String.format(
                  "the first healthy delivery arrived %.0f ms before ready answered",
                  -resume * 1000)
              : "first healthy arrival from the restarted hub, counted from ready");
    }
    long afterExpected = healthyAccepted.stream().filter(i -> i >= before).count();
    Latencies afterReady =
        Latencies.of(
            arrived.first,
            sentMicros,
            i -> i >= before && healthyAccepted.contains(i),
            afterExpected);
    String cold =
        String.format(
            "events sent in the %d s from ready (a cold JVM: no warm-up after a restart)",
            P3_RESTART_AFTER.toSeconds());
    report.latency(
        SCENARIO, db, "healthy p50 after ready", afterReady.quantileMillis(0.5), null, "", cold);
    report.latency(
        SCENARIO, db, "healthy p99 after ready", afterReady.quantileMillis(0.99), null, "", cold);
    long lost = healthyAccepted.stream().filter(i -> !arrived.first.containsKey(i)).count();
    long lostBefore =
        healthyAccepted.stream().filter(i -> i < before && !arrived.first.containsKey(i)).count();
    report.bound(
        SCENARIO,
        db,
        "healthy events accepted, not delivered",
        lost,
        "",
        0.0,
        false,
        "0",
        String.format(
            "of %d accepted, %d s after the last send; %d of them accepted before the kill (lost,"
                + " if the drain was long enough), %d after ready",
            healthyAccepted.size(), P3_RESTART_DRAIN.toSeconds(), lostBefore, lost - lostBefore));
    report.info(
        SCENARIO,
        db,
        "requests to failing endpoints after the restart",
        hangingAfter + failingAfter,
        "",
        "hanging: " + hangingAfter + ", 500: " + failingAfter);
  }

  private Map<String, Long> failingRequests() throws Exception {
    Map<String, Long> stats = receiver.stats();
    return Map.of(
        "hang", stats.getOrDefault(key + "/hang", 0L),
        "fail", stats.getOrDefault(key + "/fail", 0L));
  }

  private static boolean healthy(long i) {
    return isolationBehaviour(organization(i, ORGANIZATIONS)).equals("ok");
  }
}
