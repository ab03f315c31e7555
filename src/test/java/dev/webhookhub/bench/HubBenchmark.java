package dev.webhookhub.bench;

import static dev.webhookhub.bench.BenchEvents.event;
import static dev.webhookhub.bench.BenchEvents.ingest;
import static dev.webhookhub.bench.BenchEvents.micros;
import static dev.webhookhub.bench.BenchEvents.organization;
import static dev.webhookhub.bench.BenchSettings.CEILING_WINDOW;
import static dev.webhookhub.bench.BenchSettings.DRAIN;
import static dev.webhookhub.bench.BenchSettings.P1_DRAIN;
import static dev.webhookhub.bench.BenchSettings.P1_EVENTS;
import static dev.webhookhub.bench.BenchSettings.P5_IDLE;
import static dev.webhookhub.bench.BenchSettings.RATE;
import static dev.webhookhub.bench.BenchSettings.SENDERS;
import static dev.webhookhub.bench.BenchSettings.WARMUP;
import static dev.webhookhub.bench.BenchSettings.WINDOW;

import dev.webhookhub.signature.StandardWebhooksSignature;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The performance scenarios of issue 11 in one run ({@code mvn verify -Pbenchmark}): the ceiling (a
 * plain signed sender, no broker, no database), then P1 throughput, P2 latency, P3 isolation, P3
 * with a kill -9 and restart ({@link RestartIsolation}), P4 a million waiting deliveries ({@link
 * WaitingBacklog}) and P5 start-up on H2 and, when {@code HUB_TEST_PG_URL} is set, PostgreSQL. The
 * receiver runs in a JVM of its own ({@link BenchReceiver}); the hub runs in this JVM, except where
 * it must be killed or measured alone (P3 restart, P4, P5: the packaged jar as a process). Writes
 * {@code target/benchmark.md} and {@code target/benchmark.json}; see {@code docs/benchmarks.md} for
 * the settings and how each figure is computed.
 */
class HubBenchmark {

  private static final int ORGANIZATIONS = 20;

  private final BenchReport report = new BenchReport();
  private final Path out = Path.of("target");

  /**
   * A P1 scenario: events at full speed to {@code organizations} with {@code subscriptionsEach};
   * {@code share} of the ceiling is the target (null: reported only).
   */
  private record Throughput(
      String scenario, String key, int organizations, int subscriptionsEach, Double share) {}

  private static final List<Throughput> P1 =
      List.of(
          new Throughput("P1 HTTP ingest", "p1http", ORGANIZATIONS, 1, 0.25),
          new Throughput("P1 JMS ingest", "p1jms", ORGANIZATIONS, 1, null),
          new Throughput("P1 fan-out 1→10", "p1fan", 1, 10, 0.40));

  /**
   * A paced scenario: {@code RATE} events/s to {@code organizations}, one subscription each, whose
   * receiver does what {@code behaviour} says; {@code isolation} judges P3's targets.
   */
  private record Paced(
      String scenario,
      String key,
      int organizations,
      IntFunction<String> behaviour,
      boolean isolation) {}

  private static final Paced P2 = new Paced("P2 latency", "p2", ORGANIZATIONS, org -> "ok", false);

  private static final Paced P3 =
      new Paced(
          "P3 isolation",
          "p3",
          BenchEvents.ISOLATION_SUBSCRIPTIONS,
          BenchEvents::isolationBehaviour,
          true);

  /** P2's figures, which P3 is compared with. */
  private record Latency(Double p99Millis, double deliveredShare) {}

  /** One scenario's measurement, which may fail without ending the run. */
  @FunctionalInterface
  private interface Measurement {
    void run() throws Exception;
  }

  @Test
  void scenarios(@TempDir Path dir) throws Exception {
    BenchSettings.used().forEach(report::setting);
    report.note(
        "One machine for everything: hub (with embedded broker) and load generators in the"
            + " benchmark JVM, the receiver in its own JVM, PostgreSQL in its own process; P3 with"
            + " a restart, P4 and P5 run the packaged hub as a process of its own. Targets"
            + " relative to the ceiling use the ceiling of this run.");
    try (ReceiverProcess receiver = new ReceiverProcess(freePort(), dir.resolve("receiver.log"))) {
      Double ceiling = runs("ceiling") ? ceiling(receiver) : null;
      List<TestDatabase> databases = TestDatabase.available();
      for (TestDatabase kind : databases) {
        if (BenchSettings.runsOn(kind.name())) {
          onDatabase(kind.name(), ceiling, receiver, dir);
        }
      }
      if (databases.size() == 1 && BenchSettings.runsOn("postgresql")) {
        report.notMeasured(
            "P1–P5",
            "PostgreSQL",
            "all figures",
            "",
            "PostgreSQL not configured (HUB_TEST_PG_URL)");
      }
    } finally {
      report.write(out);
    }
  }

  /** Every scenario chosen ({@code -Dbench.scenarios}) on one database. */
  private void onDatabase(String db, Double ceiling, ReceiverProcess receiver, Path dir)
      throws Exception {
    if (runs("p1")) {
      for (Throughput p1 : P1) {
        measure(p1.scenario(), db, () -> throughput(p1, db, dir, receiver, ceiling));
      }
    }
    Latency[] p2 = {null};
    if (runs("p2")) {
      measure(P2.scenario(), db, () -> p2[0] = latency(P2, db, dir, receiver, null));
    }
    if (runs("p3")) {
      measure(P3.scenario(), db, () -> latency(P3, db, dir, receiver, p2[0]));
    }
    if (runs("p3restart")) {
      measure(
          "P3 kill -9 + restart",
          db,
          () -> new RestartIsolation(report, receiver, fresh(db)).run(dir.resolve("p3r-" + db)));
    }
    if (runs("p4")) {
      measure(
          "P4 backlog",
          db,
          () -> new WaitingBacklog(report, receiver, fresh(db)).run(dir.resolve("p4-" + db)));
    }
    if (runs("p5")) {
      measure("P5 start-up", db, () -> startUp(db, dir));
    }
  }

  private static boolean runs(String scenario) {
    return BenchSettings.runs(scenario);
  }

  /**
   * Runs one scenario and writes the report after it; a scenario that breaks (a hub that does not
   * start, runs out of memory) leaves a row saying so and the run goes on.
   */
  private void measure(String scenario, String db, Measurement measurement) throws Exception {
    try {
      measurement.run();
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      String message = String.valueOf(e.getMessage());
      report.notMeasured(
          scenario,
          db,
          "(scenario failed)",
          "",
          e.getClass().getSimpleName()
              + ": "
              + message.substring(0, Math.min(300, message.length())).replace('\n', ' '));
    }
    report.write(out);
  }

  // ---- the ceiling ----

  /** Signed POSTs per second straight to the receiver: the best of 32 and 64 senders. */
  private double ceiling(ReceiverProcess receiver) throws Exception {
    String secret = newSecret();
    double best = 0;
    int bestSenders = 0;
    for (int senders : new int[] {32, 64}) {
      try (HttpLoad load = new HttpLoad(receiver.port(), senders)) {
        LongFunction<HttpLoad.Request> signed =
            i -> {
              byte[] body =
                  event("ceiling-" + i, organization(i, ORGANIZATIONS))
                      .getBytes(StandardCharsets.UTF_8);
              String id = "msg_" + i;
              long timestamp = Instant.now().getEpochSecond();
              MultiMap headers =
                  MultiMap.caseInsensitiveMultiMap()
                      .add("content-type", "application/json")
                      .add("webhook-id", id)
                      .add("webhook-timestamp", String.valueOf(timestamp))
                      .add(
                          "webhook-signature",
                          StandardWebhooksSignature.sign(secret, id, timestamp, body));
              return new HttpLoad.Request(
                  "/ceiling/ok/" + (i % ORGANIZATIONS), headers, Buffer.buffer(body));
            };
        load.fullSpeed(Long.MAX_VALUE, senders == 32 ? WARMUP : Duration.ofSeconds(3), signed);
        HttpLoad.Sent sent = load.fullSpeed(Long.MAX_VALUE, CEILING_WINDOW, signed);
        report.info(
            "ceiling",
            "none",
            "signed POSTs/s, " + senders + " senders",
            sent.okPerSecond(),
            "/s",
            sent.failed() > 0 ? sent.failed() + " failed" : "");
        if (sent.okPerSecond() > best) {
          best = sent.okPerSecond();
          bestSenders = senders;
        }
      }
    }
    report.info("ceiling", "none", "ceiling (best)", best, "/s", bestSenders + " senders");
    report.write(out);
    return best;
  }

  // ---- P1 ----

  private void throughput(
      Throughput p1, String db, Path dir, ReceiverProcess receiver, Double ceiling)
      throws Exception {
    String scenario = p1.scenario();
    String key = BenchEvents.receiverKey(p1.key(), db);
    int organizations = p1.organizations();
    int subscriptionsEach = p1.subscriptionsEach();
    Double share = p1.share();
    try (TestHub hub = startHub(db, dir.resolve(key + "-" + db))) {
      AdminClient admin = new AdminClient(hub);
      for (int org = 1; org <= organizations; org++) {
        for (int s = 1; s <= subscriptionsEach; s++) {
          BenchEvents.subscribe(admin, org, receiver.url("/" + key + "/ok/" + org + "-" + s), null);
        }
      }
      String counted = key + "/ok";
      LongFunction<String> warm = i -> event("warm-" + i, organization(i, organizations));
      Ingest ingest = p1.key().equals("p1jms") ? jms(hub) : http(hub);
      try {
        HttpLoad.Sent warmed = ingest.send(Long.MAX_VALUE, WARMUP, warm);
        receiver.awaitCount(report, counted, warmed.ok() * subscriptionsEach, DRAIN);

        long events = Math.max(1, P1_EVENTS / subscriptionsEach);
        long expected = events * subscriptionsEach;
        long before = receiver.count(counted);
        long start = System.nanoTime();
        CompletableFuture<HttpLoad.Sent> sending =
            async(
                () ->
                    ingest.send(
                        events, WINDOW, i -> event("p1-" + i, organization(i, organizations))));
        long deadline = start + WINDOW.toNanos();
        long delivered = 0;
        while (System.nanoTime() < deadline && delivered < expected) {
          Thread.sleep(200); // sampling the receiver's count, not waiting for the hub
          delivered = receiver.count(counted) - before;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        HttpLoad.Sent sent = sending.get();
        double rate = delivered / seconds;
        String note =
            String.format(
                "%d of %d deliveries in %.0f s%s; %s",
                delivered,
                expected,
                seconds,
                delivered < expected ? " (time window reached: the rate, not all events)" : "",
                ceiling == null
                    ? "the ceiling was not measured"
                    : String.format("%.1f %% of ceiling", 100 * rate / ceiling));
        report.bound(
            scenario,
            db,
            "deliveries/s",
            rate,
            "/s",
            share == null || ceiling == null ? null : share * ceiling,
            true,
            share == null ? "(reported)" : String.format("≥ %.0f %% of ceiling", share * 100),
            note);
        report.info(
            scenario,
            db,
            "events accepted/s",
            sent.okPerSecond(),
            "/s",
            sent.failed() > 0 ? sent.failed() + " refused" : "");
        drainRate(scenario, db, receiver, counted, before + sent.ok() * subscriptionsEach);
      } finally {
        ingest.close();
      }
    }
    report.write(out);
  }

  /**
   * Delivery capacity with ingest stopped: full-speed ingest takes CPU from delivery on 2 cores, so
   * the rate while the backlog drains says how much of the gap is delivery itself.
   */
  private void drainRate(
      String scenario, String db, ReceiverProcess receiver, String counted, long total)
      throws Exception {
    long before = receiver.count(counted);
    long start = System.nanoTime();
    Thread.sleep(P1_DRAIN.toMillis()); // a measuring window, not a wait for the hub
    long after = receiver.count(counted);
    double seconds = (System.nanoTime() - start) / 1e9;
    report.info(
        scenario,
        db,
        "deliveries/s with ingest stopped",
        (after - before) / seconds,
        "/s",
        String.format(
            "backlog draining for %.0f s%s",
            seconds, after >= total ? "; the backlog emptied, so a lower bound" : ""));
  }

  // ---- P2 and P3 ----

  /**
   * A steady {@code RATE} ({@link Paced}), latency from just before the ingest POST to the
   * receiver's arrival stamp. P3's targets are judged against {@code baseline} (P2's figures, null
   * when P2 did not run).
   */
  private Latency latency(
      Paced paced, String db, Path dir, ReceiverProcess receiver, Latency baseline)
      throws Exception {
    String scenario = paced.scenario();
    String key = BenchEvents.receiverKey(paced.key(), db);
    int organizations = paced.organizations();
    IntFunction<String> behaviour = paced.behaviour();
    boolean isolation = paced.isolation();
    Latency result;
    LongPredicate healthy = i -> behaviour.apply(organization(i, organizations)).equals("ok");
    try (TestHub hub = startHub(db, dir.resolve(key + "-" + db));
        HttpLoad load = new HttpLoad(hub.httpPort(), SENDERS)) {
      AdminClient admin = new AdminClient(hub);
      for (int org = 1; org <= organizations; org++) {
        BenchEvents.subscribe(
            admin, org, receiver.url("/" + key + "/" + behaviour.apply(org) + "/" + org), 2);
      }
      String counted = key + "/ok";
      HttpLoad.Sent warmed =
          load.paced(RATE, WARMUP, i -> ingest(event("warm-" + i, organization(i, organizations))));
      long healthyWarm = LongStream.range(0, warmed.ok() + warmed.failed()).filter(healthy).count();
      receiver.awaitCount(report, counted, healthyWarm, DRAIN);
      receiver.arrivals();

      int total = (int) (RATE * WINDOW.toSeconds());
      long[] sentMicros = new long[total];
      long before = receiver.count(counted);
      long startMicros = micros();
      HttpLoad.Sent sent =
          load.paced(
              RATE,
              WINDOW,
              i -> {
                sentMicros[(int) i] = micros();
                return ingest(event(Latencies.marker(key, i), organization(i, organizations)));
              });
      long expected = LongStream.range(0, total).filter(healthy).count();
      receiver.awaitCount(report, counted, before + expected, DRAIN);
      Map<Long, Long> arrived = Latencies.firstArrivals(receiver.arrivals(), counted, key);
      Latencies latencies = Latencies.of(arrived, sentMicros, i -> true, expected);
      long windowEnd = startMicros + WINDOW.toSeconds() * 1_000_000L;
      long inWindow = arrived.values().stream().filter(at -> at <= windowEnd).count();
      String who = isolation ? "healthy " : "";
      String lost =
          latencies.missing() > 0
              ? String.format(
                  "%d of %d %sevents not arrived %d s after the last send",
                  latencies.missing(), expected, who, DRAIN.toSeconds())
              : "";
      Double p50 = latencies.quantileMillis(0.50);
      Double p99 = latencies.quantileMillis(0.99);
      double share = (double) inWindow / expected;
      report.info(
          scenario,
          db,
          "offered events/s",
          (sent.ok() + sent.failed()) / sent.seconds(),
          "/s",
          String.format(
              "target %d/s for %d s; %d refused", RATE, WINDOW.toSeconds(), sent.failed()));
      if (!isolation) {
        report.latency(scenario, db, "p50 ingest→arrival", p50, 10.0, "≤ 10 ms", lost);
        report.latency(
            scenario, db, "p95 ingest→arrival", latencies.quantileMillis(0.95), null, "", "");
        report.latency(scenario, db, "p99 ingest→arrival", p99, 100.0, "≤ 100 ms", lost);
        report.info(
            scenario,
            db,
            "delivered within the window",
            100 * share,
            "%",
            String.format("%.0f deliveries/s", inWindow / (double) WINDOW.toSeconds()));
      } else {
        isolationRows(scenario, key, db, receiver, p50, p99, share, lost, baseline);
      }
      stageRows(
          scenario,
          db,
          StageLatencies.of(hub.bean("dataSource", DataSource.class), key, sentMicros, arrived));
      result = new Latency(p99, share);
    }
    report.write(out);
    return result;
  }

  /** Where the latency of the events that arrived went, stage by stage (reported). */
  private void stageRows(String scenario, String db, List<StageLatencies.Stage> stages) {
    for (StageLatencies.Stage stage : stages) {
      report.latency(
          scenario,
          db,
          "stage p50: " + stage.name(),
          stage.p50Millis(),
          null,
          "",
          String.format(Locale.ROOT, "p99 %.1f ms", stage.p99Millis()));
    }
  }

  /** P3's figures against P2's. */
  private void isolationRows(
      String scenario,
      String key,
      String db,
      ReceiverProcess receiver,
      Double p50,
      Double p99,
      double share,
      String lost,
      Latency baseline)
      throws Exception {
    report.latency(scenario, db, "healthy p50 ingest→arrival", p50, null, "", lost);
    Double bound =
        baseline == null || baseline.p99Millis() == null ? null : 2 * baseline.p99Millis();
    report.latency(
        scenario,
        db,
        "healthy p99 ingest→arrival",
        p99,
        bound,
        baseline == null
            ? "≤ 2 × P2 p99 (P2 not run)"
            : bound == null
                ? "≤ 2 × P2 p99 (P2 p99: not arrived)"
                : String.format("≤ 2 × P2 p99 = %.0f ms", bound),
        lost);
    if (baseline == null) {
      report.info(
          scenario,
          db,
          "healthy delivered within the window",
          100 * share,
          "%",
          "P2 not run: no comparison");
    } else {
      report.bound(
          scenario,
          db,
          "healthy throughput vs P2",
          100 * share / baseline.deliveredShare(),
          "%",
          90.0,
          true,
          "≥ 90 % of P2",
          String.format(
              "%.1f %% of healthy events delivered within the window (P2: %.1f %%)",
              100 * share, 100 * baseline.deliveredShare()));
    }
    Map<String, Long> stats = receiver.stats();
    long hanging = stats.getOrDefault(key + "/hang", 0L);
    long failing = stats.getOrDefault(key + "/fail", 0L);
    report.info(
        scenario,
        db,
        "requests to failing endpoints",
        hanging + failing,
        "",
        "hanging: " + hanging + ", 500: " + failing);
  }

  // ---- P5 ----

  /**
   * The packaged jar, default settings: time from process start to ready on a fresh data dir and
   * database, idle RSS, then the time to ready again after a graceful stop.
   */
  private void startUp(String db, Path dir) throws Exception {
    String scenario = "P5 start-up";
    try (HubJar jar = HubJar.withDefaults(dir.resolve("p5-" + db), fresh(db))) {
      Duration first = jar.startReady();
      report.bound(
          scenario,
          db,
          "process start → ready",
          first.toMillis() / 1000.0,
          "s",
          5.0,
          false,
          "≤ 5 s",
          "java -jar, default settings (Hawtio on), -Xmx512m; first start: empty data dir and"
              + " database");
      Thread.sleep(P5_IDLE.toMillis()); // idle on purpose: RSS of a hub at rest
      report.bound(
          scenario,
          db,
          "idle RSS",
          jar.rssMb(),
          "MB",
          400.0,
          false,
          "≤ 400 MB",
          "VmRSS " + P5_IDLE.toSeconds() + " s after ready");
      jar.stop();
      Duration again = jar.startReady();
      report.bound(
          scenario,
          db,
          "restart → ready",
          again.toMillis() / 1000.0,
          "s",
          5.0,
          false,
          "≤ 5 s",
          "after a graceful stop, on the same data");
    }
    report.write(out);
  }

  // ---- helpers ----

  /** Sends events into the hub until {@code limit} or the window is over. */
  private interface Ingest extends AutoCloseable {
    HttpLoad.Sent send(long limit, Duration window, LongFunction<String> event) throws Exception;

    @Override
    void close();
  }

  private Ingest http(TestHub hub) {
    HttpLoad load = new HttpLoad(hub.httpPort(), SENDERS);
    return new Ingest() {
      @Override
      public HttpLoad.Sent send(long limit, Duration window, LongFunction<String> event)
          throws Exception {
        return load.fullSpeed(limit, window, i -> ingest(event.apply(i)));
      }

      @Override
      public void close() {
        load.close();
      }
    };
  }

  private Ingest jms(TestHub hub) {
    return new Ingest() {
      @Override
      public HttpLoad.Sent send(long limit, Duration window, LongFunction<String> event)
          throws Exception {
        return JmsLoad.fullSpeed(hub.brokerTcpUrl(), "hub.ingest.ufp", 8, limit, window, event);
      }

      @Override
      public void close() {}
    };
  }

  private TestHub startHub(String db, Path dataDir) throws Exception {
    Files.createDirectories(dataDir);
    TestHub hub = new TestHub(dataDir, fresh(db));
    BenchSettings.hubSettings().forEach(hub::with);
    return hub.start();
  }

  /** A new database of the named kind (PostgreSQL: a schema of its own). */
  static TestDatabase fresh(String name) {
    return TestDatabase.available().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static <T> CompletableFuture<T> async(Callable<T> task) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return task.call();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return StandardWebhooksSignature.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
