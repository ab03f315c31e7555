package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.queue.EventMessages;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** hub.events → one delivery per matching subscription on hub.deliveries, and no more. */
class FanOutIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void anEventFansOutToExactlyTheMatchingSubscriptions(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestHub hub = new TestHub(dir, database).withoutSending().start()) {
      AdminClient admin = new AdminClient(hub);
      // The UFP sample is organization "1", location "2", lead.created, client_status Prospect.
      String orgWideLeads = sub(admin, "\"organizationId\": \"1\", \"eventTypes\": [\"lead.*\"]");
      String location2 =
          sub(
              admin,
              "\"organizationId\": \"1\", \"locationId\": \"2\", \"eventTypes\": [\"lead.created\"]");
      sub(admin, "\"organizationId\": \"1\", \"locationId\": \"3\", \"eventTypes\": [\"*\"]");
      sub(admin, "\"organizationId\": \"2\", \"eventTypes\": [\"*\"]");
      sub(admin, "\"organizationId\": \"1\", \"eventTypes\": [\"contact.*\"]");
      String prospects =
          sub(
              admin,
              "\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"filter\": {\"all\": ["
                  + "{\"field\": \"data.client_status\", \"equals\": \"Prospect\"},"
                  + "{\"field\": \"data.source\", \"in\": [\"Referral\", \"Web\"]},"
                  + "{\"not\": {\"field\": \"data.deleted\", \"exists\": true}}]}");
      sub(
          admin,
          "\"organizationId\": \"1\", \"eventTypes\": [\"*\"],"
              + " \"filter\": {\"field\": \"data.client_status\", \"equals\": \"Member\"}");
      String disabled = sub(admin, "\"organizationId\": \"1\", \"eventTypes\": [\"*\"]");
      admin.expect(200, "POST", "/api/subscriptions/" + disabled + "/disable", null);

      String ufp = SeedSamples.read("ufp/new_lead_created.json");
      String eventId = eventId(new Senders(hub).httpJson("ufp", ufp).body());
      JsonNode outcome = awaitFanOut(admin, eventId);
      assertThat(outcome.path("deliveries").asInt()).isEqualTo(3);
      assertThat(outcome.path("matched").asBoolean()).isTrue();

      ConsumerTemplate deliveries = hub.context().createConsumerTemplate();
      List<Exchange> received = receive(deliveries, 3);
      assertThat(received)
          .extracting(e -> e.getMessage().getHeader("HubSubscriptionId", String.class))
          .containsExactlyInAnyOrder(orgWideLeads, location2, prospects);
      for (Exchange delivery : received) {
        String subscription = delivery.getMessage().getHeader("HubSubscriptionId", String.class);
        assertThat(delivery.getMessage().getHeader("JMSXGroupID", String.class))
            .isEqualTo(subscription);
        assertThat(delivery.getMessage().getHeader("HubDeliveryId", String.class))
            .isEqualTo(Deliveries.deliveryId(eventId, subscription));
        assertThat(delivery.getMessage().getHeader("HubAttempt", Integer.class)).isEqualTo(1);
        assertThat(
                JSON.readTree(delivery.getMessage().getBody(String.class)).path("eventId").asText())
            .isEqualTo(eventId);
      }

      // The broker redelivers the same event (here: it is put on hub.events again). It fans out
      // again, and the broker drops every copy of a delivery it already has.
      String envelope = received.get(0).getMessage().getBody(String.class);
      hub.context()
          .createProducerTemplate()
          .sendBodyAndHeaders("jms:queue:hub.events", envelope, Map.of("JMSXGroupID", "1"));
      // A later event of the same organization: fan-out keeps an organization's order, so when its
      // delivery is here the redelivered event has been fanned out too.
      String contact =
          SeedSamples.read("fitprotracker/contact_created.json")
              .replaceFirst("\"organizationId\"\\s*:\\s*\"[^\"]+\"", "\"organizationId\": \"1\"");
      new Senders(hub).httpJson("fitprotracker", contact);
      List<Exchange> after = receive(deliveries, 1);
      assertThat(after.get(0).getMessage().getBody(String.class)).contains("contact.created");
      assertThat(deliveries.receive("jms:queue:hub.deliveries", 500))
          .as("no second copy of any delivery")
          .isNull();
      assertThat(deliveries.receive("jms:queue:hub.dead", 500))
          .as("the redelivered event was consumed, not dead-lettered")
          .isNull();
      assertThat(awaitFanOut(admin, eventId).path("deliveries").asInt()).isEqualTo(3);

      // An event nobody subscribed to is recorded as such.
      String nobody = ufp.replace("\"company_id\": 1", "\"company_id\": 999");
      JsonNode unmatched =
          awaitFanOut(admin, eventId(new Senders(hub).httpJson("ufp", nobody).body()));
      assertThat(unmatched.path("deliveries").asInt()).isZero();
      assertThat(unmatched.path("matched").asBoolean()).isFalse();

      // The test endpoint reaches one subscription, whatever its patterns.
      JsonNode test =
          admin.expect(
              202,
              "POST",
              "/api/subscriptions/" + location2 + "/test",
              "{\"eventType\": \"hub.ping\"}");
      Exchange testDelivery = receive(deliveries, 1).get(0);
      assertThat(testDelivery.getMessage().getHeader("HubSubscriptionId")).isEqualTo(location2);
      JsonNode testEvent = JSON.readTree(testDelivery.getMessage().getBody(String.class));
      assertThat(testEvent.path("eventId").asText()).isEqualTo(test.path("eventId").asText());
      assertThat(testEvent.path("eventType").asText()).isEqualTo("hub.ping");
      assertThat(testEvent.path("source").asText()).isEqualTo("hub");
      assertThat(testEvent.path("locationId").asText()).isEqualTo("2");
    }
  }

  /**
   * Fan-out takes what is waiting in batches: an event that cannot be fanned out fails its batch,
   * and then itself alone, while the events around it fan out, in order, and it is dead-lettered.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aBadEventFailsAloneAndItsBatchNeighboursFanOutInOrder(
      TestDatabase database, @TempDir Path dir) throws Exception {
    try (TestHub hub = new TestHub(dir, database).ingestOnly().withoutSending().start()) {
      AdminClient admin = new AdminClient(hub);
      String first = sub(admin, "\"organizationId\": \"1\", \"eventTypes\": [\"*\"]");
      String second = sub(admin, "\"organizationId\": \"1\", \"eventTypes\": [\"lead.*\"]");
      // Waiting on hub.events while no hub fans out, so that they are taken together.
      ProducerTemplate producer = hub.context().createProducerTemplate();
      List<String> good = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        if (i == 12) {
          producer.sendBodyAndHeaders(
              "jms:queue:hub.events",
              "{not an envelope",
              Map.of("JMSXGroupID", "1", "HubEventId", "evt_bad"));
        }
        String eventId = "evt_batch_" + i;
        good.add(eventId);
        EventMessages.publish(
            producer,
            new EventMessages.EventHeaders(eventId, "lead.created", "ufp", "1", null),
            "{\"eventId\": \""
                + eventId
                + "\", \"eventType\": \"lead.created\", \"source\": \"ufp\","
                + " \"organizationId\": \"1\", \"locationId\": null, \"data\": {}}");
      }

      hub.with("hub.fanout.consumers", "1").restart();

      ConsumerTemplate deliveries = hub.context().createConsumerTemplate();
      Map<String, List<String>> bySubscription = new java.util.HashMap<>();
      for (Exchange delivery : receive(deliveries, 2 * good.size())) {
        bySubscription
            .computeIfAbsent(
                delivery.getMessage().getHeader("HubSubscriptionId", String.class),
                k -> new ArrayList<>())
            .add(delivery.getMessage().getHeader("HubEventId", String.class));
      }
      assertThat(bySubscription).containsOnlyKeys(first, second);
      assertThat(bySubscription.get(first)).containsExactlyElementsOf(good);
      assertThat(bySubscription.get(second)).containsExactlyElementsOf(good);
      JsonNode dead =
          await("the bad event's dead letter")
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> admin.expect(200, "GET", "/api/dead-letters?eventId=evt_bad", null),
                  answer -> answer.path("data").size() == 1)
              .path("data")
              .get(0);
      assertThat(dead.path("queue").asText()).isEqualTo("hub.events");
      assertThat(dead.path("lastError").asText()).contains("fan-out failed").contains("Json");
      assertThat(deliveries.receive("jms:queue:hub.deliveries", 500)).isNull();
    }
  }

  private static String sub(AdminClient admin, String fields) throws Exception {
    return admin
        .create("{" + fields + ", \"url\": \"https://localhost/hook\"}")
        .path("id")
        .asText();
  }

  private static String eventId(String acceptedBody) throws Exception {
    return JSON.readTree(acceptedBody).path("eventId").asText();
  }

  private static JsonNode awaitFanOut(AdminClient admin, String eventId) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var response = admin.call("GET", "/api/events/" + eventId, null);
              return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            },
            node -> node != null);
  }

  private static List<Exchange> receive(ConsumerTemplate consumer, int count) {
    List<Exchange> received = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Exchange exchange = consumer.receive("jms:queue:hub.deliveries", 20_000);
      assertThat(exchange).as("delivery %d of %d", i + 1, count).isNotNull();
      received.add(exchange);
    }
    return received;
  }
}
