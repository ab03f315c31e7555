package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.LogCapture;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import dev.webhookhub.testing.TestReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redriving or replaying a dead delivery to a receiver that still fails starts the retry schedule
 * over. Its retries must not collide with the broker's duplicate detection of an earlier round:
 * each attempt is POSTed once, nothing is logged as a stack trace, and the delivery ends dead
 * again. Three ways back, one after the other: the subscription's redrive, the delivery's replay,
 * and the redrive of the one dead letter.
 */
class RedriveStormIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void redriveAndReplayToAFailingReceiverPostEachAttemptOnce(
      TestDatabase database, @TempDir Path dir) throws Exception {
    try (LogCapture logs = LogCapture.start();
        TestReceiver receiver = new TestReceiver().answer("/fails", 500);
        // The breaker would open after 5 failures in a row and hold the third round back.
        TestHub hub =
            new TestHub(dir, database).with("hub.delivery.breaker.failures", "100").start()) {
      AdminClient admin = new AdminClient(hub);
      String subscription =
          admin
              .create(
                  "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"profile\": \"envelope\","
                      + " \"url\": \""
                      + receiver.url("/fails")
                      + "\", \"retryPolicy\": {\"delays\": [\"PT0.2S\", \"PT0.2S\"]}}")
              .path("id")
              .asText();
      String eventId =
          JSON.readTree(new Senders(hub).httpJson("ufp", UFP).body()).path("eventId").asText();
      String deliveryId = Deliveries.deliveryId(eventId, subscription);

      List<Received> posts = new ArrayList<>();
      deadAndDisabled(admin, receiver, posts, subscription, deliveryId, 3);

      admin.expect(200, "POST", "/api/subscriptions/" + subscription + "/enable", null);
      assertThat(
              admin
                  .expect(202, "POST", "/api/subscriptions/" + subscription + "/redrive", null)
                  .path("queued")
                  .asInt())
          .isEqualTo(1);
      deadAndDisabled(admin, receiver, posts, subscription, deliveryId, 6);

      admin.expect(200, "POST", "/api/subscriptions/" + subscription + "/enable", null);
      admin.expect(202, "POST", "/api/deliveries/" + deliveryId + "/replay", null);
      deadAndDisabled(admin, receiver, posts, subscription, deliveryId, 9);

      assertThat(
              admin
                  .expect(200, "GET", "/api/dead-letters?subscriptionId=" + subscription, null)
                  .path("data")
                  .findValuesAsText("id"))
          .as("dead letters of the subscription")
          .containsExactly(deliveryId);
      admin.expect(200, "POST", "/api/subscriptions/" + subscription + "/enable", null);
      assertThat(
              admin
                  .expect(202, "POST", "/api/dead-letters/" + deliveryId + "/redrive", null)
                  .path("queued")
                  .asInt())
          .isEqualTo(1);
      deadAndDisabled(admin, receiver, posts, subscription, deliveryId, 12);

      assertThat(logs.text())
          .as("what the hub logged")
          .doesNotContain("AMQ222059")
          .doesNotContain("AMQ212051")
          .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
    }
  }

  /**
   * Waits until the delivery is dead with {@code attempts} attempts recorded and its subscription
   * disabled, then checks that the receiver got exactly one POST per recorded attempt.
   */
  private static void deadAndDisabled(
      AdminClient admin,
      TestReceiver receiver,
      List<Received> posts,
      String subscription,
      String deliveryId,
      int attempts) {
    await("delivery dead after " + attempts + " attempts, subscription disabled")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode shown = admin.expect(200, "GET", "/api/deliveries/" + deliveryId, null);
              assertThat(shown.path("status").asText()).isEqualTo("dead");
              assertThat(shown.path("attempts").size()).isEqualTo(attempts);
              assertThat(
                      admin
                          .expect(200, "GET", "/api/subscriptions/" + subscription, null)
                          .path("enabled")
                          .asBoolean())
                  .isFalse();
            });
    // A duplicate POST of an attempt comes right after it (a rolled-back send, a redelivered
    // message): none may come for a second after the delivery is dead.
    await("no POST beyond the " + attempts + " recorded attempts")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              receiver.drain("/fails").forEach(posts::add);
              assertThat(posts).extracting(Received::status).hasSize(attempts);
            });
    JsonNode shown;
    try {
      shown = admin.expect(200, "GET", "/api/deliveries/" + deliveryId, null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    List<Integer> recorded = new ArrayList<>();
    shown.path("attempts").forEach(a -> recorded.add(a.path("attempt").asInt()));
    assertThat(recorded)
        .as("attempt numbers recorded")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, attempts).boxed().toList());
    assertThat(posts).as("POSTs the receiver saw, one per recorded attempt").hasSize(attempts);
    assertThat(posts)
        .extracting(request -> request.header("X-Hub-Delivery"))
        .as("the delivery id of every POST")
        .containsOnly(deliveryId);
  }
}
