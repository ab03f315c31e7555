package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.subscription.SecretCipher;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the broker dead-letters on its own, here an event whose fan-out fails on every try because a
 * subscription's stored headers cannot be decrypted, is shown by the admin API and can be redriven
 * once the cause is fixed.
 */
class DeadLetterIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void anEventWhoseFanOutFailsIsShownAndRedrivenOnceFixed(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, database).start()) {
      AdminClient admin = new AdminClient(hub);
      String subscription =
          "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"profile\": \"envelope\","
              + " \"url\": \""
              + receiver.url("/hook")
              + "\", \"headers\": {\"X-Webhook-Secret\": \"fg-42\"}}";
      String id = admin.create(subscription).path("id").asText();
      storeHeadersUnderAnotherKey(hub, id);

      String eventId =
          JSON.readTree(new Senders(hub).httpJson("ufp", UFP).body()).path("eventId").asText();

      JsonNode dead = onlyDeadLetter(admin, "eventId=" + eventId);
      assertThat(dead.path("kind").asText()).isEqualTo("message");
      assertThat(dead.path("queue").asText()).isEqualTo("hub.events");
      assertThat(dead.path("status").asText()).isEqualTo("dead");
      assertThat(dead.path("lastError").asText())
          .contains("fan-out failed")
          .contains("HUB_SECRETS_MASTER_KEY");
      String deadLetterId = dead.path("id").asText();

      JsonNode event = admin.expect(200, "GET", "/api/events/" + eventId, null);
      assertThat(event.path("deliveries").asInt()).isZero();
      assertThat(event.path("deadLetter").path("id").asText()).isEqualTo(deadLetterId);
      assertThat(event.path("eventType").asText()).isEqualTo("lead.created");

      // The recorded copy stays on hub.dead with the reason, and is not taken for a new one.
      Exchange copy =
          hub.context()
              .createConsumerTemplate()
              .receive(
                  "jms:queue:hub.dead?selector=HubDeadLetterId='" + deadLetterId + "'", 10_000);
      assertThat(copy).as("recorded copy on hub.dead").isNotNull();
      assertThat(copy.getMessage().getHeader("HubLastError", String.class)).contains("fan-out");
      assertThat(copy.getMessage().getHeader("HubOriginalQueue")).isEqualTo("hub.events");
      // Put it back for the redrive to take away.
      hub.context()
          .createProducerTemplate()
          .send(
              "jms:queue:hub.dead?exchangePattern=InOnly",
              e -> {
                e.getMessage().setHeaders(copy.getMessage().getHeaders());
                e.getMessage().setBody(copy.getMessage().getBody(String.class));
              });

      // Fixed by replacing the subscription's settings (its headers are written anew), then
      // redriven.
      admin.expect(200, "PUT", "/api/subscriptions/" + id, subscription);
      admin.expect(202, "POST", "/api/dead-letters/" + deadLetterId + "/redrive", null);

      TestReceiver.Received delivered = receiver.next("/hook", 30);
      assertThat(JSON.readTree(delivered.body()).path("eventId").asText()).isEqualTo(eventId);
      assertThat(delivered.header("X-Webhook-Secret")).isEqualTo("fg-42");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          admin
                              .expect(200, "GET", "/api/events/" + eventId, null)
                              .path("deliveries")
                              .asInt())
                      .isEqualTo(1));
      assertThat(admin.expect(200, "GET", "/api/dead-letters", null).path("data")).isEmpty();
      assertThat(
              admin
                  .call("POST", "/api/dead-letters/" + deadLetterId + "/redrive", null)
                  .statusCode())
          .as("a second redrive")
          .isEqualTo(409);
      assertThat(hub.context().createConsumerTemplate().receive("jms:queue:hub.dead", 500))
          .as("nothing left on hub.dead")
          .isNull();
    }
  }

  /**
   * A delivery whose handling fails inside the hub on every try (here: its subscription cannot be
   * read) is dead-lettered by the broker from hub.deliveries, and becomes a dead delivery.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aDeliveryTheBrokerDeadLettersBecomesADeadDelivery(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, database).withoutSending().start()) {
      AdminClient admin = new AdminClient(hub);
      String subscription =
          "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"profile\": \"envelope\","
              + " \"url\": \""
              + receiver.url("/hook")
              + "\", \"headers\": {\"X-Webhook-Secret\": \"fg-42\"}}";
      String id = admin.create(subscription).path("id").asText();
      String eventId =
          JSON.readTree(new Senders(hub).httpJson("ufp", UFP).body()).path("eventId").asText();
      String deliveryId = Deliveries.deliveryId(eventId, id);
      await("fanned out")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> admin.call("GET", "/api/events/" + eventId, null).statusCode(),
              status -> status == 200);

      storeHeadersUnderAnotherKey(hub, id);
      hub.with("hub.delivery.consumers", "2").restart();

      JsonNode dead = onlyDeadLetter(admin, "subscriptionId=" + id);
      assertThat(dead.path("id").asText()).isEqualTo(deliveryId);
      assertThat(dead.path("kind").asText()).isEqualTo("delivery");
      assertThat(dead.path("lastError").asText())
          .contains("delivery failed")
          .contains("hub.deliveries")
          .contains("Cannot decrypt");

      admin.expect(200, "PUT", "/api/subscriptions/" + id, subscription);
      admin.expect(202, "POST", "/api/dead-letters/" + deliveryId + "/redrive", null);
      TestReceiver.Received delivered = receiver.next("/hook", 30);
      assertThat(delivered.header("X-Hub-Delivery")).isEqualTo(deliveryId);
    }
  }

  /** The subscription's headers as stored under another master key, and every hub told so. */
  private static void storeHeadersUnderAnotherKey(TestHub hub, String subscriptionId)
      throws Exception {
    String otherKey = Base64.getEncoder().encodeToString("z".repeat(32).getBytes());
    try (Connection c = hub.connectDatabase();
        PreparedStatement corrupt =
            c.prepareStatement("UPDATE hub_subscription SET headers_encrypted = ? WHERE id = ?");
        Statement bump = c.createStatement()) {
      corrupt.setString(1, new SecretCipher(otherKey).encrypt("{\"X-Webhook-Secret\":\"x\"}"));
      corrupt.setString(2, subscriptionId);
      corrupt.executeUpdate();
      bump.executeUpdate("UPDATE hub_subscription_version SET version = version + 1");
    }
  }

  /** Waits until exactly one dead letter matches the query, and returns it. */
  private static JsonNode onlyDeadLetter(AdminClient admin, String query) {
    return await("one dead letter for " + query)
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> admin.expect(200, "GET", "/api/dead-letters?" + query, null),
            answer -> answer.path("data").size() == 1)
        .path("data")
        .get(0);
  }
}
