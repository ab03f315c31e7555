package dev.webhookhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end speed: events sent over HTTP by concurrent senders, spread over organizations (each
 * with one subscription to a local receiver), until every delivery has arrived. Prints events per
 * second and the latency from send to arrival. Not part of {@code mvn verify}: run it with {@code
 * mvn verify -Pbenchmark} (settings: {@code -Dbench.events}, {@code -Dbench.organizations}, {@code
 * -Dbench.senders}; {@code HUB_TEST_PG_*} for PostgreSQL). Results are appended to {@code
 * target/benchmark.txt}.
 */
class ThroughputBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eventsToDeliveries(@TempDir Path dir) throws Exception {
    int events = Integer.getInteger("bench.events", 2_000);
    int organizations = Integer.getInteger("bench.organizations", 20);
    int senders = Integer.getInteger("bench.senders", 8);
    // Events per second offered in total; 0 sends as fast as the senders can. Latency means most
    // at a rate the hub keeps up with: at full speed it mostly measures the queue.
    int rate = Integer.getInteger("bench.rate", 0);
    // PostgreSQL when configured, else H2.
    List<TestDatabase> available = TestDatabase.available();
    TestDatabase database = available.get(available.size() - 1);
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = configured(new TestHub(dir, database)).start()) {
      AdminClient admin = new AdminClient(hub);
      for (int org = 1; org <= organizations; org++) {
        admin.create(
            "{\"organizationId\": \""
                + org
                + "\", \"eventTypes\": [\"*\"], \"url\": \""
                + receiver.url("/bench")
                + "\"}");
      }
      String template = SeedSamples.read("ufp/new_lead_created.json");
      Map<String, Instant> sentAt = new ConcurrentHashMap<>();
      Senders send = new Senders(hub);
      ExecutorService pool = Executors.newFixedThreadPool(senders);
      long start = System.nanoTime();
      List<Future<?>> sending = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int first = s;
        sending.add(
            pool.submit(
                () -> {
                  for (int i = first; i < events; i += senders) {
                    if (rate > 0) {
                      // The load generator's schedule, not a wait for the hub.
                      long due = start + i * 1_000_000_000L / rate;
                      while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                      }
                    }
                    String name = "client-" + i;
                    String event =
                        template
                            .replace("\"Campaign\"", "\"" + name + "\"")
                            .replace(
                                "\"company_id\": 1", "\"company_id\": " + (1 + i % organizations));
                    sentAt.put(name, Instant.now());
                    assertThat(send.httpJson("ufp", event).statusCode()).isEqualTo(202);
                  }
                  return null;
                }));
      }
      for (Future<?> f : sending) {
        f.get();
      }
      long accepted = System.nanoTime();
      pool.shutdown();
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < events; i++) {
        // The receiver stamps each request as it arrives.
        TestReceiver.Received received = receiver.next("/bench", 120);
        JsonNode body = JSON.readTree(received.body());
        Instant sent = sentAt.get(body.path("data").path("client_name").asText());
        latencies.add(Duration.between(sent, received.at()).toNanos());
      }
      long done = System.nanoTime();
      Collections.sort(latencies);
      String result =
          String.format(
              "%s %s: %d events, %d organizations, %d senders, offered %s: accepted %.0f/s,"
                  + " delivered %.0f/s end to end; latency p50 %d ms, p95 %d ms, p99 %d ms,"
                  + " max %d ms%n",
              Instant.now(),
              database.name(),
              events,
              organizations,
              senders,
              rate > 0 ? rate + "/s" : "at full speed",
              events / seconds(accepted - start),
              events / seconds(done - start),
              millis(latencies, 0.50),
              millis(latencies, 0.95),
              millis(latencies, 0.99),
              latencies.get(latencies.size() - 1) / 1_000_000);
      System.out.print(result);
      Files.writeString(
          Path.of("target/benchmark.txt"),
          result,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      assertThat(Duration.ofNanos(done - start)).isPositive();
    }
  }

  /**
   * {@code -Dbench.hub.<key>=<value>} sets a hub setting, e.g. {@code
   * -Dbench.hub.hub.db.pool-size=40}.
   */
  private static TestHub configured(TestHub hub) {
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("bench.hub."))
        .forEach(name -> hub.with(name.substring("bench.hub.".length()), System.getProperty(name)));
    return hub;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static long millis(List<Long> sorted, double quantile) {
    return sorted.get((int) Math.min(sorted.size() - 1, quantile * sorted.size())) / 1_000_000;
  }
}
