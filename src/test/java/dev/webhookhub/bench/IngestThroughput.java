package dev.webhookhub.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.webhookhub.broker.EmbeddedBroker;
import dev.webhookhub.queue.HubQueues;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;

/**
 * Ingest and fan-out alone, without sending: a hub with no delivery consumers, driven at full speed
 * over HTTP (or JMS), timed until every delivery it should make sits on {@code hub.deliveries}.
 * Issue 11's P1 measures the whole hub; this isolates the stages before delivery, so that changes
 * to them can be compared run against run (see docs/performance.md).
 *
 * <p>A plain main, run on the test classpath (no Maven in the measured JVM, so a profiler can be
 * attached with {@code -XX:StartFlightRecording}):
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   dev.webhookhub.bench.IngestThroughput [scenario ...]
 * </pre>
 *
 * Scenarios: {@code http} (20 organizations, one subscription each), {@code jms} (the same through
 * {@code hub.ingest.ufp}), {@code fanout} (1 organization, 10 subscriptions). System properties:
 * {@code events} (default 20,000), {@code warm} (5,000), {@code senders} (48), {@code db} (H2 or
 * PostgreSQL when HUB_TEST_PG_URL is set), {@code hub.*} keys passed to the hub.
 */
public final class IngestThroughput {

  private static final long EVENTS = Long.getLong("events", 20_000);
  private static final long WARM = Long.getLong("warm", 5_000);
  private static final int SENDERS = Integer.getInteger("senders", 48);
  private static final Duration LIMIT = Duration.ofMinutes(10);
  private static final OperatingSystemMXBean CPU =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final String TEMPLATE = SeedSamples.read("ufp/new_lead_created.json");

  private record Scenario(String name, int organizations, int subscriptionsEach) {}

  private IngestThroughput() {}

  public static void main(String[] args) throws Exception {
    List<String> names = args.length == 0 ? List.of("http", "jms", "fanout") : List.of(args);
    String db = System.getProperty("db", "H2");
    TestDatabase database =
        TestDatabase.available().stream()
            .filter(d -> d.name().equalsIgnoreCase(db))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no database " + db));
    List<String> lines = new ArrayList<>();
    for (String name : names) {
      Scenario scenario =
          switch (name) {
            case "http", "jms" -> new Scenario(name, 20, 1);
            case "fanout" -> new Scenario(name, 1, 10);
            default -> throw new IllegalArgumentException("unknown scenario " + name);
          };
      String line = run(scenario, database);
      System.out.println(line);
      lines.add(line);
    }
    System.out.println();
    lines.forEach(System.out::println);
    System.exit(0);
  }

  private static String run(Scenario scenario, TestDatabase database) throws Exception {
    Path dir = Files.createTempDirectory("ingest-throughput");
    TestHub hub = new TestHub(dir, database).withoutSending();
    System.getProperties().stringPropertyNames().stream()
        .filter(key -> key.startsWith("hub."))
        .forEach(key -> hub.with(key, System.getProperty(key)));
    try (TestHub started = hub.start()) {
      AdminClient admin = new AdminClient(started);
      for (int org = 1; org <= scenario.organizations(); org++) {
        for (int s = 1; s <= scenario.subscriptionsEach(); s++) {
          admin.create(
              "{\"organizationId\": \""
                  + org
                  + "\", \"eventTypes\": [\"*\"], \"url\": \"http://127.0.0.1:9/"
                  + org
                  + "-"
                  + s
                  + "\"}");
        }
      }
      EmbeddedBroker broker = started.bean("embeddedBroker", EmbeddedBroker.class);
      // Created with its first message.
      LongSupplier deliveries =
          () -> {
            Queue queue =
                broker
                    .server()
                    .getActiveMQServer()
                    .locateQueue(SimpleString.of(HubQueues.DELIVERIES));
            return queue == null ? 0 : queue.getMessageCount();
          };
      Sender sender = sender(scenario, started);
      try {
        long per = scenario.subscriptionsEach();
        Timed warm = timed(sender, deliveries, "warm-", WARM, per, scenario.organizations());
        Timed measured;
        try (Profile profile = Profile.of(scenario.name())) {
          measured = timed(sender, deliveries, "run-", EVENTS, per, scenario.organizations());
        }
        return String.format(
            Locale.ROOT,
            "%-7s %-10s events %6d: accepted %7.0f/s, fanned out %7.0f events/s (%7.0f"
                + " deliveries/s) in %5.1f s, CPU %5.2f ms/event%s [warm-up: %.0f events/s]",
            scenario.name(),
            database.name(),
            EVENTS,
            measured.acceptedPerSecond(),
            EVENTS / measured.seconds(),
            EVENTS * per / measured.seconds(),
            measured.seconds(),
            measured.cpuMillis() / EVENTS,
            measured.refused() > 0 ? ", " + measured.refused() + " refused" : "",
            WARM / warm.seconds());
      } finally {
        sender.close();
      }
    }
  }

  /** A flight recording of the measured phase only, when {@code -Djfr=<dir>} is given. */
  private record Profile(Recording recording, Path file) implements AutoCloseable {
    static Profile of(String scenario) throws Exception {
      String dir = System.getProperty("jfr");
      if (dir == null) {
        return new Profile(null, null);
      }
      Recording recording = new Recording(Configuration.getConfiguration("profile"));
      recording.start();
      return new Profile(
          recording, Files.createDirectories(Path.of(dir)).resolve(scenario + ".jfr"));
    }

    @Override
    public void close() throws Exception {
      if (recording != null) {
        recording.stop();
        recording.dump(file);
        recording.close();
      }
    }
  }

  /**
   * CPU time counts what the machine's other work does not change much: this JVM's (hub and load
   * generator) CPU time for the phase.
   */
  private record Timed(double seconds, double acceptedPerSecond, long refused, double cpuMillis) {}

  /** Sends {@code events} and waits until their deliveries are all on {@code hub.deliveries}. */
  private static Timed timed(
      Sender sender,
      LongSupplier deliveries,
      String prefix,
      long events,
      long per,
      int organizations)
      throws Exception {
    long expected = deliveries.getAsLong() + events * per;
    long cpuStart = CPU.getProcessCpuTime();
    long start = System.nanoTime();
    CompletableFuture<HttpLoad.Sent> sending =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return sender.send(events, i -> event(prefix + i, 1 + (int) (i % organizations)));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    while (deliveries.getAsLong() < expected) {
      if (System.nanoTime() - start > LIMIT.toNanos() || sending.isCompletedExceptionally()) {
        sending.join();
        throw new IllegalStateException(
            "only " + deliveries.getAsLong() + " of " + expected + " deliveries");
      }
      Thread.sleep(20); // sampling the queue depth, not waiting for the hub
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMillis = (CPU.getProcessCpuTime() - cpuStart) / 1e6;
    HttpLoad.Sent sent = sending.join();
    if (sent.failed() > 0) {
      System.out.println(sent.failed() + " refused while sending " + prefix);
    }
    return new Timed(seconds, sent.okPerSecond(), sent.failed(), cpuMillis);
  }

  private interface Sender extends AutoCloseable {
    HttpLoad.Sent send(long events, LongFunction<String> event) throws Exception;

    @Override
    void close();
  }

  private static Sender sender(Scenario scenario, TestHub hub) {
    if (scenario.name().equals("jms")) {
      return new Sender() {
        @Override
        public HttpLoad.Sent send(long events, LongFunction<String> event) throws Exception {
          return JmsLoad.fullSpeed(hub.brokerTcpUrl(), "hub.ingest.ufp", 8, events, LIMIT, event);
        }

        @Override
        public void close() {}
      };
    }
    HttpLoad load = new HttpLoad(hub.httpPort(), SENDERS);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    return new Sender() {
      @Override
      public HttpLoad.Sent send(long events, LongFunction<String> event) throws Exception {
        return load.fullSpeed(
            events,
            LIMIT,
            i -> new HttpLoad.Request("/ingest/ufp", headers, Buffer.buffer(event.apply(i))));
      }

      @Override
      public void close() {
        load.close();
      }
    };
  }

  private static String event(String name, int organization) {
    return TEMPLATE
        .replace("\"Campaign\"", "\"" + name + "\"")
        .replace("\"company_id\": 1,", "\"company_id\": " + organization + ",");
  }
}
