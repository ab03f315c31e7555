package dev.webhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub reports a dead delivery and a disabled subscription as events of its own. */
class OperationalEventsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void disablingAndDeadLettersReachAnOperationsSubscription(@TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver().answer("/down", 500);
        TestHub hub = new TestHub(dir, new TestDatabase.H2()).start()) {
      AdminClient admin = new AdminClient(hub);
      admin.create(
          "{\"organizationId\": \"hub\", \"eventTypes\": [\"hub.*\"], \"url\": \""
              + receiver.url("/ops")
              + "\"}");
      String down =
          admin
              .create(
                  "{\"organizationId\": \"1\", \"locationId\": \"2\", \"eventTypes\": [\"*\"],"
                      + " \"retryPolicy\": {\"delays\": []}, \"url\": \""
                      + receiver.url("/down")
                      + "\"}")
              .path("id")
              .asText();
      String other =
          admin
              .create(
                  "{\"organizationId\": \"7\", \"eventTypes\": [\"*\"], \"url\": \""
                      + receiver.url("/other")
                      + "\"}")
              .path("id")
              .asText();

      new Senders(hub).httpJson("ufp", SeedSamples.read("ufp/new_lead_created.json"));
      receiver.next("/down", 20);
      Map<String, JsonNode> byType = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        JsonNode event = JSON.readTree(receiver.next("/ops", 20).body());
        byType.put(event.path("eventType").asText(), event);
      }
      JsonNode dead = byType.get("hub.delivery.dead");
      assertThat(dead.path("source").asText()).isEqualTo("hub");
      assertThat(dead.path("organizationId").asText()).isEqualTo("hub");
      assertThat(dead.path("data").path("subscriptionId").asText()).isEqualTo(down);
      assertThat(dead.path("data").path("organizationId").asText()).isEqualTo("1");
      assertThat(dead.path("data").path("locationId").asText()).isEqualTo("2");
      assertThat(dead.path("data").path("eventType").asText()).isEqualTo("lead.created");
      assertThat(dead.path("data").path("lastError").asText()).isEqualTo("HTTP 500");
      JsonNode disabled = byType.get("hub.subscription.disabled");
      assertThat(disabled.path("data").path("subscriptionId").asText()).isEqualTo(down);
      assertThat(disabled.path("data").path("reason").asText()).contains("all 1 attempts");

      // An operator's disable is reported the same way, with the operator's reason.
      admin.expect(
          200,
          "POST",
          "/api/subscriptions/" + other + "/disable",
          "{\"reason\": \"contract ended\"}");
      JsonNode byOperator = JSON.readTree(receiver.next("/ops", 20).body());
      assertThat(byOperator.path("eventType").asText()).isEqualTo("hub.subscription.disabled");
      assertThat(byOperator.path("data").path("subscriptionId").asText()).isEqualTo(other);
      assertThat(byOperator.path("data").path("reason").asText()).isEqualTo("contract ended");
    }
  }

  @Test
  void deadLettersPilingUpRaiseOneGrowingEvent(@TempDir Path dir) throws Exception {
    try (TestReceiver receiver =
            new TestReceiver().answer("/down", 500, 500, 500, 500, 500, 500, 500, 500);
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .with("hub.ops.dead-letters.threshold", "3")
                .with("hub.ops.dead-letters.check-period", "PT3S")
                .start()) {
      AdminClient admin = new AdminClient(hub);
      admin.create(
          "{\"organizationId\": \"hub\", \"eventTypes\": [\"hub.dead_letters.growing\"],"
              + " \"url\": \""
              + receiver.url("/ops")
              + "\"}");
      String down =
          admin
              .create(
                  "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
                      + receiver.url("/down")
                      + "\", \"retryPolicy\": {\"delays\": [], \"disableOnExhaustion\": false}}")
              .path("id")
              .asText();
      String lead = SeedSamples.read("ufp/new_lead_created.json");
      // Eight dead letters within a few seconds: one 3 s period gets at least three of them.
      for (int i = 0; i < 8; i++) {
        new Senders(hub).httpJson("ufp", lead.replaceFirst("\\{", "{\"n\": " + i + ","));
      }
      JsonNode growing = JSON.readTree(receiver.next("/ops", 30).body());
      assertThat(growing.path("eventType").asText()).isEqualTo("hub.dead_letters.growing");
      assertThat(growing.path("source").asText()).isEqualTo("hub");
      JsonNode data = growing.path("data");
      assertThat(data.path("deadLettersAdded").asInt()).isGreaterThanOrEqualTo(3);
      assertThat(data.path("threshold").asInt()).isEqualTo(3);
      assertThat(data.path("subscriptions").get(0).path("subscriptionId").asText()).isEqualTo(down);
      assertThat(data.path("deadLettersTotal").asLong()).isGreaterThanOrEqualTo(3);
    }
  }
}
