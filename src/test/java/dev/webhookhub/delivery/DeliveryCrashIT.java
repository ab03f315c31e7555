package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.HubOutputOnFailure;
import dev.webhookhub.testing.HubProcess;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import dev.webhookhub.testing.TestReceiver.Received;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a hub JVM while hundreds of deliveries and scheduled retries are in flight: after a
 * restart every event reaches both receivers, a repeated delivery is the same delivery, and every
 * delivery a receiver saw has its attempt recorded, as the operator API shows it.
 */
class DeliveryCrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 300;

  @TempDir Path workDir;

  @RegisterExtension final HubOutputOnFailure output = new HubOutputOnFailure();

  @Test
  void nothingIsLostOrUnrecordedWhenTheHubIsKilledMidDelivery() throws Exception {
    Integer[] flaky = new Integer[101];
    Arrays.fill(flaky, 500);
    flaky[100] = 200;
    Map<String, String> env =
        Map.of(
            "HUB_ADMIN_TOKEN",
            TestHub.ADMIN_TOKEN,
            "HUB_ALLOW_TARGETS",
            "127.0.0.1",
            "HUB_HAWTIO_ENABLED",
            "false",
            // The circuit breaker would space the flaky receiver's 100 failures 30 s apart; this
            // test is about durability, so the circuit stays closed.
            "HUB_DELIVERY_BREAKER_FAILURES",
            "1000");
    // The steady receiver holds its answers while the test sends, then takes 20 ms an answer, so
    // the kill lands while its 300 ordered deliveries are still flowing rather than after the
    // last, however fast the hub.
    try (TestReceiver receiver =
            new TestReceiver()
                .answer("/flaky", flaky)
                .answerAfter("/steady", Duration.ofMillis(20));
        HubProcess hubs = output.watch(new HubProcess(workDir))) {
      Process first = hubs.start(env);
      hubs.awaitReady(first);
      AdminClient admin = new AdminClient(hubs);
      // A long timeout: the held request waits as long as sending takes.
      subscribe(admin, receiver.url("/steady"), ", \"retryPolicy\": {\"timeoutSeconds\": 120}");
      subscribe(
          admin,
          receiver.url("/flaky"),
          ", \"retryPolicy\": {\"delays\": [\"PT1S\", \"PT2S\", \"PT3S\", \"PT5S\", \"PT8S\"]}");

      Senders send = new Senders(hubs);
      Set<String> sent = new HashSet<>();
      receiver.hold("/steady");
      for (int i = 0; i < EVENTS; i++) {
        sent.add(NumberedEvents.send(send, i, 1));
      }
      receiver.release("/steady");

      Seen steady = new Seen();
      Seen flakyOnes = new Seen();
      // Kill while deliveries are flowing and retries are waiting.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> steady.take(receiver.drain("/steady")).delivered().size() >= 50);
      assertThat(steady.delivered().size()).as("killed part-way").isLessThan(EVENTS);
      first.destroyForcibly().waitFor();

      hubs.awaitReady(hubs.start(env));
      await("every event at both receivers")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                steady.take(receiver.drain("/steady"));
                flakyOnes.take(receiver.drain("/flaky"));
                return steady.delivered().containsAll(sent)
                    && flakyOnes.delivered().containsAll(sent);
              });
      assertThat(steady.delivered()).isEqualTo(sent);
      assertThat(flakyOnes.delivered()).isEqualTo(sent);

      // Records may be written in batches after the answer: give the last ones a moment.
      Map<String, List<Integer>> posts = new LinkedHashMap<>(steady.posts);
      posts.putAll(flakyOnes.posts);
      Set<String> unrecorded = new HashSet<>(posts.keySet());
      await("an attempt record for every delivery the receivers saw")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                List<String> problems = new ArrayList<>();
                for (String id : List.copyOf(unrecorded)) {
                  String problem = recordProblem(admin, id);
                  if (problem == null) {
                    unrecorded.remove(id);
                  } else {
                    problems.add(id + ": " + problem);
                  }
                }
                assertThat(problems).as("deliveries seen but not on record").isEmpty();
              });
      int unmatched = 0;
      int repeated = 0;
      for (Map.Entry<String, List<Integer>> delivery : posts.entrySet()) {
        int recorded =
            admin
                .expect(200, "GET", "/api/deliveries/" + delivery.getKey(), null)
                .path("attempts")
                .size();
        unmatched += Math.max(0, delivery.getValue().size() - recorded);
        repeated += delivery.getValue().stream().filter(s -> s / 100 == 2).count() > 1 ? 1 : 0;
      }
      // At least once: a POST the hub made just before the kill is made again after it, and
      // only the second is recorded. Printed, not asserted: the number depends on the timing.
      System.out.printf(
          "DeliveryCrash: %d deliveries seen, %d POSTs without an attempt record of their own,"
              + " %d deliveries answered 2xx more than once%n",
          posts.size(), unmatched, repeated);

      // The fan-out of every event is on record too: /api/events/{id} counts both deliveries.
      for (String eventId : sent) {
        assertThat(
                admin.expect(200, "GET", "/api/events/" + eventId, null).path("deliveries").asInt())
            .as("deliveries recorded for event " + eventId)
            .isEqualTo(2);
      }
    }
  }

  /**
   * Why a delivery the receiver saw is not on record as delivered, or {@code null} if it is: every
   * delivery here ends answered 2xx, so its record must say delivered and show a 2xx attempt.
   */
  private static String recordProblem(AdminClient admin, String deliveryId) throws Exception {
    HttpResponse<String> response = admin.call("GET", "/api/deliveries/" + deliveryId, null);
    if (response.statusCode() == 404) {
      return "no delivery record";
    }
    JsonNode shown = JSON.readTree(response.body());
    if (shown.path("attempts").isEmpty()) {
      return "no attempt recorded, status " + shown.path("status").asText();
    }
    if (!shown.path("status").asText().equals("delivered")) {
      return "status " + shown.path("status").asText();
    }
    for (JsonNode attempt : shown.path("attempts")) {
      if (attempt.path("statusCode").asInt() / 100 == 2) {
        return null;
      }
    }
    return "delivered without a 2xx attempt: " + shown.path("attempts");
  }

  /** What one receiver path got: the statuses of each delivery's POSTs, and what got a 2xx. */
  private static final class Seen {
    final Map<String, List<Integer>> posts = new LinkedHashMap<>();
    private final Map<String, String> deliveryOfEvent = new HashMap<>();
    private final Set<String> delivered = new HashSet<>();

    /** Takes requests in; a request repeated after the crash must carry its earlier id. */
    Seen take(List<Received> requests) {
      for (Received r : requests) {
        String eventId = NumberedEvents.eventId(r);
        String deliveryId = r.header("X-Hub-Delivery");
        assertThat(deliveryId).as("delivery id of a request").startsWith("dlv_");
        String earlier = deliveryOfEvent.putIfAbsent(eventId, deliveryId);
        assertThat(earlier == null || earlier.equals(deliveryId))
            .as("a repeated delivery keeps its id")
            .isTrue();
        posts.computeIfAbsent(deliveryId, id -> new ArrayList<>()).add(r.status());
        if (r.status() / 100 == 2) {
          delivered.add(eventId);
        }
      }
      return this;
    }

    /** The events that got a 2xx. */
    Set<String> delivered() {
      return delivered;
    }
  }

  private static void subscribe(AdminClient admin, String url, String extra) throws Exception {
    admin.create(
        "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
            + url
            + "\""
            + extra
            + "}");
  }
}
