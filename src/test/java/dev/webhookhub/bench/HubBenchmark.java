package dev.webhookhub.bench;

import static org.awaitility.Awaitility.await;

import dev.webhookhub.signature.StandardWebhooksSignature;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.HubProcess;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The performance scenarios of issue 11 in one run ({@code mvn verify -Pbenchmark}): the ceiling (a
 * plain signed sender, no broker, no database), then P1 throughput, P2 latency, P3 isolation and P5
 * start-up on H2 and, when {@code HUB_TEST_PG_URL} is set, PostgreSQL. The receiver runs in a JVM
 * of its own ({@link BenchReceiver}); the hub runs in this JVM (P5: the packaged jar as a process).
 * Writes {@code target/benchmark.md} and {@code target/benchmark.json}; see {@code
 * docs/benchmarks.md} for the settings and how each figure is computed.
 */
class HubBenchmark {

  private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 15));
  private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("bench.window", 60));
  private static final Duration CEILING_WINDOW =
      Duration.ofSeconds(Integer.getInteger("bench.ceiling.window", 20));
  private static final Duration DRAIN = Duration.ofSeconds(Integer.getInteger("bench.drain", 60));
  private static final Duration P1_DRAIN =
      Duration.ofSeconds(Integer.getInteger("bench.p1.drain-window", 15));
  private static final long P1_EVENTS = Long.getLong("bench.p1.events", 50_000);
  private static final int SENDERS = Integer.getInteger("bench.senders", 48);
  private static final int RATE = Integer.getInteger("bench.p2.rate", 300);
  private static final Duration P5_IDLE =
      Duration.ofSeconds(Integer.getInteger("bench.p5.idle", 10));
  private static final int ORGANIZATIONS = 20;
  private static final int P3_SUBSCRIPTIONS = 200;

  /**
   * P3: organizations 1..40 (20 %) fail: the first half hang past the timeout, the rest answer 500.
   */
  private static final int P3_FAILING = P3_SUBSCRIPTIONS / 5;

  private static final String TEMPLATE = SeedSamples.read("ufp/new_lead_created.json");

  private final BenchReport report = new BenchReport();
  private final Path out = Path.of("target");

  /** P2's figures, which P3 is compared with. */
  private record Latency(Double p99Millis, double deliveredShare) {}

  @Test
  void scenarios(@TempDir Path dir) throws Exception {
    report.setting("warmup.s", WARMUP.toSeconds());
    report.setting("window.s", WINDOW.toSeconds());
    report.setting("ceiling.window.s", CEILING_WINDOW.toSeconds());
    report.setting("drain.s", DRAIN.toSeconds());
    report.setting("p1.events", P1_EVENTS);
    report.setting("p1.drain-window.s", P1_DRAIN.toSeconds());
    report.setting("senders", SENDERS);
    report.setting("p2.rate", RATE);
    report.setting("cores", Runtime.getRuntime().availableProcessors());
    report.note(
        "One machine for everything: hub (with embedded broker) and load generators in the"
            + " benchmark JVM, the receiver in its own JVM, PostgreSQL in its own process. Targets"
            + " relative to the ceiling use the ceiling of this run.");
    try (ReceiverProcess receiver = new ReceiverProcess(freePort(), dir.resolve("receiver.log"))) {
      double ceiling = ceiling(receiver);
      List<TestDatabase> databases = TestDatabase.available();
      for (TestDatabase kind : databases) {
        String db = kind.name();
        throughput("P1 HTTP ingest", "p1http", db, dir, receiver, ORGANIZATIONS, 1, ceiling, 0.25);
        throughput("P1 JMS ingest", "p1jms", db, dir, receiver, ORGANIZATIONS, 1, ceiling, null);
        throughput("P1 fan-out 1→10", "p1fan", db, dir, receiver, 1, 10, ceiling, 0.40);
        Latency p2 =
            latency("P2 latency", "p2", db, dir, receiver, ORGANIZATIONS, org -> true, null);
        latency(
            "P3 isolation", "p3", db, dir, receiver, P3_SUBSCRIPTIONS, org -> org > P3_FAILING, p2);
        report.notMeasured(
            "P3 kill -9 + restart",
            db,
            "healthy deliveries resume after ready",
            "≤ 5 s",
            "not measured yet");
        report.notMeasured(
            "P4 backlog",
            db,
            "1,000,000 waiting: heap / restart to ready / lost",
            "≤ 512 MB / ≤ 30 s / 0",
            "not measured yet");
        startUp(db, dir);
      }
      if (databases.size() == 1) {
        report.notMeasured(
            "P1–P5",
            "PostgreSQL",
            "all figures",
            "",
            "PostgreSQL not configured (HUB_TEST_PG_URL)");
        report.write(out);
      }
    } finally {
      report.write(out);
    }
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
              byte[] body = event("ceiling-" + i, 1 + (int) (i % ORGANIZATIONS)).getBytes(UTF8);
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
      String scenario,
      String key,
      String db,
      Path dir,
      ReceiverProcess receiver,
      int organizations,
      int subscriptionsEach,
      double ceiling,
      Double share)
      throws Exception {
    try (TestHub hub = startHub(db, dir.resolve(key + "-" + db))) {
      AdminClient admin = new AdminClient(hub);
      for (int org = 1; org <= organizations; org++) {
        for (int s = 1; s <= subscriptionsEach; s++) {
          subscribe(admin, org, receiver.url("/" + key + "/ok/" + org + "-" + s), null);
        }
      }
      String counted = key + "/ok";
      LongFunction<String> warm = i -> event("warm-" + i, 1 + (int) (i % organizations));
      Ingest ingest = key.equals("p1jms") ? jms(hub) : http(hub);
      try {
        HttpLoad.Sent warmed = ingest.send(Long.MAX_VALUE, WARMUP, warm);
        drained(receiver, counted, warmed.ok() * subscriptionsEach);

        long events = Math.max(1, P1_EVENTS / subscriptionsEach);
        long expected = events * subscriptionsEach;
        long before = receiver.count(counted);
        long start = System.nanoTime();
        CompletableFuture<HttpLoad.Sent> sending =
            async(
                () ->
                    ingest.send(
                        events, WINDOW, i -> event("p1-" + i, 1 + (int) (i % organizations))));
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
                "%d of %d deliveries in %.0f s%s; %.1f %% of ceiling",
                delivered,
                expected,
                seconds,
                delivered < expected ? " (time window reached: the rate, not all events)" : "",
                100 * rate / ceiling);
        report.bound(
            scenario,
            db,
            "deliveries/s",
            rate,
            "/s",
            share == null ? null : share * ceiling,
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
   * A steady {@code RATE} over {@code organizations} (one subscription each; {@code healthy} says
   * which answer 200, the others hang or answer 500), latency from just before the ingest POST to
   * the receiver's arrival stamp. With {@code baseline} (P2's figures) the targets are P3's.
   */
  private Latency latency(
      String scenario,
      String key,
      String db,
      Path dir,
      ReceiverProcess receiver,
      int organizations,
      IntPredicate healthy,
      Latency baseline)
      throws Exception {
    Latency result;
    try (TestHub hub = startHub(db, dir.resolve(key + "-" + db));
        HttpLoad load = new HttpLoad(hub.httpPort(), SENDERS)) {
      AdminClient admin = new AdminClient(hub);
      for (int org = 1; org <= organizations; org++) {
        String behaviour = healthy.test(org) ? "ok" : org <= P3_FAILING / 2 ? "hang" : "fail";
        subscribe(admin, org, receiver.url("/" + key + "/" + behaviour + "/" + org), 2);
      }
      String counted = key + "/ok";
      long healthyWarm = 0;
      HttpLoad.Sent warmed =
          load.paced(RATE, WARMUP, i -> ingest(event("warm-" + i, 1 + (int) (i % organizations))));
      for (long i = 0; i < warmed.ok() + warmed.failed(); i++) {
        healthyWarm += healthy.test(1 + (int) (i % organizations)) ? 1 : 0;
      }
      drained(receiver, counted, healthyWarm);
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
                return ingest(event("bench-" + key + "-" + i, 1 + (int) (i % organizations)));
              });
      long expected = 0;
      for (int i = 0; i < total; i++) {
        expected += healthy.test(1 + i % organizations) ? 1 : 0;
      }
      drained(receiver, counted, before + expected);
      Map<Long, Long> arrived = new HashMap<>();
      for (ReceiverProcess.Arrival a : receiver.arrivals()) {
        if (a.key().equals(counted) && a.marker().startsWith("bench-" + key + "-")) {
          arrived.putIfAbsent(
              Long.parseLong(a.marker().substring(("bench-" + key + "-").length())), a.micros());
        }
      }
      List<Long> latencies = new ArrayList<>();
      long inWindow = 0;
      long windowEnd = startMicros + WINDOW.toSeconds() * 1_000_000L;
      for (Map.Entry<Long, Long> e : arrived.entrySet()) {
        latencies.add(e.getValue() - sentMicros[e.getKey().intValue()]);
        inWindow += e.getValue() <= windowEnd ? 1 : 0;
      }
      latencies.sort(null);
      long missing = expected - latencies.size();
      String who = baseline == null ? "" : "healthy ";
      String lost =
          missing > 0
              ? String.format(
                  "%d of %d %sevents not arrived %d s after the last send",
                  missing, expected, who, DRAIN.toSeconds())
              : "";
      Double p50 = quantile(latencies, expected, 0.50);
      Double p95 = quantile(latencies, expected, 0.95);
      Double p99 = quantile(latencies, expected, 0.99);
      double share = (double) inWindow / expected;
      report.info(
          scenario,
          db,
          "offered events/s",
          (sent.ok() + sent.failed()) / sent.seconds(),
          "/s",
          String.format(
              "target %d/s for %d s; %d refused", RATE, WINDOW.toSeconds(), sent.failed()));
      if (baseline == null) {
        latencyRow(scenario, db, "p50 ingest→arrival", p50, 10.0, "≤ 10 ms", lost);
        latencyRow(scenario, db, "p95 ingest→arrival", p95, null, "", "");
        latencyRow(scenario, db, "p99 ingest→arrival", p99, 100.0, "≤ 100 ms", lost);
        report.info(
            scenario,
            db,
            "delivered within the window",
            100 * share,
            "%",
            String.format("%.0f deliveries/s", inWindow / (double) WINDOW.toSeconds()));
      } else {
        latencyRow(scenario, db, "healthy p50 ingest→arrival", p50, null, "", lost);
        Double bound = baseline.p99Millis() == null ? null : 2 * baseline.p99Millis();
        latencyRow(
            scenario,
            db,
            "healthy p99 ingest→arrival",
            p99,
            bound,
            bound == null
                ? "≤ 2 × P2 p99 (P2 p99: not arrived)"
                : String.format("≤ 2 × P2 p99 = %.0f ms", bound),
            lost);
        double ratio = 100 * share / baseline.deliveredShare();
        report.bound(
            scenario,
            db,
            "healthy throughput vs P2",
            ratio,
            "%",
            90.0,
            true,
            "≥ 90 % of P2",
            String.format(
                "%.1f %% of healthy events delivered within the window (P2: %.1f %%)",
                100 * share, 100 * baseline.deliveredShare()));
        Map<String, Long> stats = receiver.stats();
        report.info(
            scenario,
            db,
            "requests to failing endpoints",
            stats.getOrDefault(key + "/hang", 0L) + stats.getOrDefault(key + "/fail", 0L),
            "",
            "hanging: "
                + stats.getOrDefault(key + "/hang", 0L)
                + ", 500: "
                + stats.getOrDefault(key + "/fail", 0L));
      }
      result = new Latency(p99, share);
    }
    report.write(out);
    return result;
  }

  private void latencyRow(
      String scenario,
      String db,
      String figure,
      Double millis,
      Double bound,
      String target,
      String note)
      throws Exception {
    if (millis == null) {
      report.add(
          new BenchReport.Row(
              scenario,
              db,
              figure,
              null,
              "ms",
              target,
              bound == null ? BenchReport.Verdict.NONE : BenchReport.Verdict.FAIL,
              "not arrived: " + note));
    } else {
      report.bound(scenario, db, figure, millis, "ms", bound, false, target, note);
    }
  }

  /** The quantile of all {@code expected} latencies, counting the ones not arrived as longest. */
  private static Double quantile(List<Long> sortedMicros, long expected, double q) {
    int index = (int) Math.ceil(q * expected) - 1;
    return index < sortedMicros.size() ? sortedMicros.get(Math.max(0, index)) / 1000.0 : null;
  }

  // ---- P5 ----

  /** The packaged jar, default settings: time from process start to ready, then idle RSS. */
  private void startUp(String db, Path dir) throws Exception {
    Path work = Files.createDirectories(dir.resolve("p5-" + db));
    Map<String, String> env = new HashMap<>();
    if (!db.equals("H2")) {
      fresh(db)
          .settings(work)
          .forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
    }
    HttpClient http = HttpClient.newHttpClient();
    try (HubProcess jar = new HubProcess(work)) {
      long start = System.nanoTime();
      Process process = jar.start(env);
      URI ready = URI.create("http://127.0.0.1:" + jar.managementPort() + "/observe/health/ready");
      int status = 0;
      while (status != 200) {
        if (!process.isAlive() || System.nanoTime() - start > Duration.ofSeconds(120).toNanos()) {
          throw new IllegalStateException("The jar did not become ready:\n" + jar.output());
        }
        try {
          status =
              http.send(
                      HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        } catch (ConnectException notYet) {
          status = 0;
        }
        if (status != 200) {
          Thread.sleep(20); // polling a starting process
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      report.bound(
          "P5 start-up",
          db,
          "process start → ready",
          seconds,
          "s",
          5.0,
          false,
          "≤ 5 s",
          "java -jar, default settings (Hawtio on), -Xmx512m");
      Thread.sleep(P5_IDLE.toMillis()); // idle on purpose: RSS of a hub at rest
      long rssKb = 0;
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      report.bound(
          "P5 start-up",
          db,
          "idle RSS",
          rssKb / 1024.0,
          "MB",
          400.0,
          false,
          "≤ 400 MB",
          "VmRSS " + P5_IDLE.toSeconds() + " s after ready");
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

  private static HttpLoad.Request ingest(String event) {
    return new HttpLoad.Request(
        "/ingest/ufp",
        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
        Buffer.buffer(event));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static String event(String name, int organization) {
    return TEMPLATE
        .replace("\"Campaign\"", "\"" + name + "\"")
        .replace("\"company_id\": 1,", "\"company_id\": " + organization + ",");
  }

  private static void subscribe(AdminClient admin, int org, String url, Integer timeoutSeconds)
      throws Exception {
    admin.create(
        "{\"organizationId\": \""
            + org
            + "\", \"eventTypes\": [\"*\"], \"url\": \""
            + url
            + "\""
            + (timeoutSeconds == null
                ? ""
                : ", \"retryPolicy\": {\"timeoutSeconds\": " + timeoutSeconds + "}")
            + "}");
  }

  /**
   * Waits (at most {@code DRAIN}) until the receiver counted {@code expected} under {@code key}.
   */
  private void drained(ReceiverProcess receiver, String key, long expected) {
    try {
      await()
          .atMost(DRAIN)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> receiver.count(key) >= expected);
    } catch (ConditionTimeoutException e) {
      report.note(
          "Not drained within " + DRAIN.toSeconds() + " s: " + key + " expected " + expected);
    }
  }

  private TestHub startHub(String db, Path dataDir) throws Exception {
    Files.createDirectories(dataDir);
    TestHub hub = new TestHub(dataDir, fresh(db));
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("bench.hub."))
        .forEach(name -> hub.with(name.substring("bench.hub.".length()), System.getProperty(name)));
    return hub.start();
  }

  /** A new database of the named kind (PostgreSQL: a schema of its own). */
  private static TestDatabase fresh(String name) {
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

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
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
