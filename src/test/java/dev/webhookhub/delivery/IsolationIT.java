package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import dev.webhookhub.testing.TestReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One subscription's endpoint hangs until the timeout; ten healthy subscriptions keep getting their
 * deliveries promptly, and the hanging one's circuit opens so it stops costing consumers.
 */
class IsolationIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HEALTHY = 10;
  private static final int EVENTS = 20;
  private static final Duration HANG = Duration.ofSeconds(30);

  @Test
  void aHangingEndpointDoesNotHoldBackHealthyOnes(@TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver().answerAfter("/hang", HANG);
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .with("hub.delivery.breaker.failures", "2")
                .with("hub.delivery.breaker.open-for", "PT60S")
                .start()) {
      AdminClient admin = new AdminClient(hub);
      String hanging =
          admin
              .create(
                  "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
                      + receiver.url("/hang")
                      + "\", \"retryPolicy\": {\"delays\": [\"PT0.1S\", \"PT0.1S\", \"PT0.1S\"],"
                      + " \"timeoutSeconds\": 2}}")
              .path("id")
              .asText();
      for (int h = 0; h < HEALTHY; h++) {
        admin.create(
            "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
                + receiver.url("/ok" + h)
                + "\"}");
      }

      String template = SeedSamples.read("ufp/new_lead_created.json");
      Map<String, Instant> accepted = new HashMap<>();
      for (int i = 0; i < EVENTS; i++) {
        String body =
            new Senders(hub)
                .httpJson("ufp", template.replace("\"Campaign\"", "\"c-" + i + "\""))
                .body();
        accepted.put(JSON.readTree(body).path("eventId").asText(), Instant.now());
      }

      List<Duration> latencies = new ArrayList<>();
      for (int h = 0; h < HEALTHY; h++) {
        for (int i = 0; i < EVENTS; i++) {
          Received r = receiver.next("/ok" + h, 30);
          Instant sent = accepted.get(JSON.readTree(r.body()).path("eventId").asText());
          latencies.add(Duration.between(sent, r.at()));
        }
      }
      latencies.sort(null);
      Duration p99 = latencies.get((int) (latencies.size() * 0.99) - 1);
      Duration worst = latencies.get(latencies.size() - 1);
      System.out.printf(
          "Isolation: %d healthy deliveries, p50 %d ms, p99 %d ms, max %d ms%n",
          latencies.size(),
          latencies.get(latencies.size() / 2).toMillis(),
          p99.toMillis(),
          worst.toMillis());
      // The hanging endpoint costs 2 s per attempt; healthy deliveries never wait that long.
      assertThat(worst).isLessThan(Duration.ofSeconds(2));

      // After two timeouts the circuit is open: the hub no longer calls the hanging endpoint.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          admin
                              .expect(200, "GET", "/api/deliveries?subscriptionId=" + hanging, null)
                              .path("data")
                              .findValuesAsText("lastError"))
                      .anyMatch(e -> e != null && e.startsWith("circuit open")));
    }
  }
}
