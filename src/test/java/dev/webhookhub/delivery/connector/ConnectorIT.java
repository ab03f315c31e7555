package dev.webhookhub.delivery.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connectors shipped in routes/connectors deliver what Slack, Zapier and Teams accept, through
 * the same attempt, retry, dead-letter and disable path as webhooks.
 */
class ConnectorIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies a shipped connector file into the hub's routes directory. */
  static void install(TestHub hub, String connector) throws Exception {
    Path target = hub.routesDir().resolve("connectors").resolve(connector + ".camel.yaml");
    Files.createDirectories(target.getParent());
    Files.copy(Path.of("routes/connectors", connector + ".camel.yaml"), target);
  }

  /** A hub started with one shipped connector in its routes directory. */
  static TestHub startedWith(Path dir, String connector) throws Exception {
    TestHub hub = new TestHub(dir, new TestDatabase.H2());
    install(hub, connector);
    return hub.start();
  }

  static void sendDeferral(TestHub hub) throws Exception {
    sendDeferral(hub, "msg_9f3a2c71");
  }

  /** The seed's deferral; another message id makes it another event. */
  static void sendDeferral(TestHub hub, String messageId) throws Exception {
    new Senders(hub)
        .http(
            "fitmetrics",
            "application/json",
            SeedSamples.read("fitmetrics/message_deferred.json").replace("msg_9f3a2c71", messageId),
            Map.of("Hub-Organization-Id", "org-1"));
  }

  /** Subscribes org-1's every event to a connector. */
  static String subscribeToAll(AdminClient admin, String connector, String url) throws Exception {
    return subscribe(
        admin,
        "{\"organizationId\": \"org-1\", \"eventTypes\": [\"*\"], \"profile\": \""
            + connector
            + "\", \"url\": \""
            + url
            + "\"}");
  }

  static String subscribe(AdminClient admin, String json) throws Exception {
    return admin.create(json).path("id").asText();
  }

  @Test
  void slackReadsLikeTheDeferralAndGivesOtherEventsAGenericLayout(@TempDir Path dir)
      throws Exception {
    try (TestReceiver slack = new TestReceiver();
        TestHub hub = startedWith(dir, "slack")) {
      AdminClient admin = new AdminClient(hub);
      subscribe(
          admin,
          "{\"organizationId\": \"org-1\", \"eventTypes\": [\"message.deferred\"],"
              + " \"profile\": \"slack\", \"url\": \""
              + slack.url("/deferrals")
              + "\", \"profileOptions\": {\"username\": \"Coach desk\","
              + " \"iconEmoji\": \":wave:\"}}");
      subscribe(
          admin,
          "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"profile\": \"slack\", \"url\": \""
              + slack.url("/leads")
              + "\"}");

      sendDeferral(hub);
      TestReceiver.Received deferral = slack.next("/deferrals", 20);
      assertThat(deferral.header("Content-Type")).startsWith("application/json");
      JsonNode message = JSON.readTree(deferral.body());
      assertThat(ReceiverShapes.slack(message)).isEmpty();
      assertThat(message.path("text").asText())
          .contains("Maya Lindqvist", "injury advice", "Daniel Okafor");
      assertThat(message.path("username").asText()).isEqualTo("Coach desk");
      assertThat(message.path("icon_emoji").asText()).isEqualTo(":wave:");
      assertThat(message.has("channel")).isFalse();
      String blocks = message.path("blocks").toString();
      assertThat(blocks)
          .contains(
              "Deferred: injury advice",
              "maya.lindqvist@example.com",
              "Daniel Okafor, Head Coach",
              "matches the 'injury advice' defer topic",
              "My left knee has hurt since Tuesday's squats");
      // The hub's own headers stay out of what Slack receives.
      assertThat(deferral.headers().keySet()).noneMatch(h -> h.startsWith("hub"));

      new Senders(hub).httpJson("ufp", SeedSamples.read("ufp/new_lead_created.json"));
      JsonNode lead = JSON.readTree(slack.next("/leads", 20).body());
      assertThat(ReceiverShapes.slack(lead)).isEmpty();
      assertThat(lead.path("blocks").get(0).path("text").path("text").asText())
          .isEqualTo("Lead created");
      assertThat(lead.path("text").asText()).contains("ufp");
    }
  }

  @Test
  void slackKeepsWithinBlockKitLimitsForHugeEvents(@TempDir Path dir) throws Exception {
    try (TestReceiver slack = new TestReceiver();
        TestHub hub = startedWith(dir, "slack")) {
      subscribeToAll(new AdminClient(hub), "slack", slack.url("/big"));
      String longText = "<&> ".repeat(2500);
      StringBuilder fields = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        fields.append(",\"field").append(i).append("\": \"").append(longText).append('"');
      }
      new Senders(hub)
          .http(
              "fitmetrics",
              "application/json",
              SeedSamples.read("fitmetrics/message_deferred.json")
                  .replace(
                      "\"My left knee has hurt since Tuesday's squats. Should I keep doing the leg"
                          + " program this week?\"",
                      "\"" + longText + "\"")
                  .replaceFirst("\\{", "{\"event\": \"coach_note\"" + fields + ",")
                  .replaceFirst("\"event\": \"message_deferred\",", ""),
              Map.of("Hub-Organization-Id", "org-1"));
      JsonNode message = JSON.readTree(slack.next("/big", 20).body());
      assertThat(ReceiverShapes.slack(message)).isEmpty();
      assertThat(message.path("blocks").toString()).contains("&lt;&amp;&gt;");
    }
  }

  @Test
  void zapierGetsOneFlatObject(@TempDir Path dir) throws Exception {
    try (TestReceiver zapier = new TestReceiver();
        TestHub hub = startedWith(dir, "zapier")) {
      subscribeToAll(new AdminClient(hub), "zapier", zapier.url("/catch"));
      sendDeferral(hub);
      JsonNode flat = JSON.readTree(zapier.next("/catch", 20).body());
      assertThat(ReceiverShapes.zapier(flat)).isEmpty();
      assertThat(flat.path("event_type").asText()).isEqualTo("message.deferred");
      assertThat(flat.path("organization_id").asText()).isEqualTo("org-1");
      assertThat(flat.path("occurred_at").asText()).isEqualTo("2025-11-06T17:22:04Z");
      assertThat(flat.path("client__first_name").asText()).isEqualTo("Maya");
      assertThat(flat.path("deferral__topic").asText()).isEqualTo("injury advice");
      assertThat(flat.path("assigned_coach__name").asText()).isEqualTo("Daniel Okafor");

      // A changed file takes effect without a restart: routes made from the old version go.
      Path file = hub.routesDir().resolve("connectors/zapier.camel.yaml");
      Files.writeString(
          file, Files.readString(file).replace("defaultValue: \"__\"", "defaultValue: \".\""));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                sendDeferral(hub, "msg-" + java.util.UUID.randomUUID());
                return JSON.readTree(zapier.next("/catch", 20).body()).has("client.first_name");
              });
    }
  }

  @Test
  void aConnectorFileDroppedInWhileRunningServesANewSubscription(@TempDir Path dir)
      throws Exception {
    try (TestReceiver teams = new TestReceiver();
        TestHub hub = new TestHub(dir, new TestDatabase.H2()).start()) {
      AdminClient admin = new AdminClient(hub);
      String request =
          "{\"organizationId\": \"1\", \"eventTypes\": [\"lead.*\"], \"profile\": \"teams\","
              + " \"url\": \""
              + teams.url("/workflow")
              + "\", \"profileOptions\": {\"title\": \"New lead\"}}";
      assertThat(admin.call("POST", "/api/subscriptions", request).statusCode()).isEqualTo(422);

      install(hub, "teams");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  admin
                      .expect(200, "GET", "/api/connectors", null)
                      .path("data")
                      .findValuesAsText("name")
                      .contains("teams"));
      // A parameter the connector does not declare is refused when the subscription is saved.
      assertThat(
              admin
                  .call("POST", "/api/subscriptions", request.replace("\"title\"", "\"colour\""))
                  .statusCode())
          .isEqualTo(422);
      subscribe(admin, request);
      new Senders(hub).httpJson("ufp", SeedSamples.read("ufp/new_lead_created.json"));
      JsonNode card = JSON.readTree(teams.next("/workflow", 20).body());
      assertThat(ReceiverShapes.teams(card)).isEmpty();
      assertThat(card.path("attachments").get(0).path("content").path("body").get(0).path("text"))
          .hasToString("\"New lead\"");
    }
  }

  @Test
  void aBrokenFileIsReportedWithItsLineAndTheRestKeepsRunning(@TempDir Path dir) throws Exception {
    try (TestReceiver slack = new TestReceiver();
        TestHub hub = startedWith(dir, "slack")) {
      AdminClient admin = new AdminClient(hub);
      subscribeToAll(admin, "slack", slack.url("/ops"));
      Path connectors = hub.routesDir().resolve("connectors");
      Files.writeString(
          connectors.resolve("broken.camel.yaml"),
          "- routeTemplate:\n    id: broken\n    from:\n      uri: kamelet:source\n"
              + "      steps:\n        - setBody: [unclosed\n");
      // The Slack connector's new version is broken too: its previous version keeps delivering.
      Path slackFile = connectors.resolve("slack.camel.yaml");
      Files.writeString(
          slackFile,
          Files.readString(slackFile).replace("        - marshal:", "        - marshal"));

      JsonNode files =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> admin.expect(200, "GET", "/api/routes", null).path("data"),
                  data ->
                      data.findValuesAsText("status").stream().filter("failed"::equals).count()
                          == 2);
      JsonNode broken = fileNamed(files, "connectors/broken.camel.yaml");
      assertThat(broken.path("error").path("line").asInt()).isEqualTo(7);
      assertThat(broken.path("error").path("message").asText()).contains("broken.camel.yaml");
      JsonNode slackState = fileNamed(files, "connectors/slack.camel.yaml");
      assertThat(slackState.path("error").path("line").asInt()).isPositive();
      assertThat(slackState.path("templates").toString()).contains("slack");

      sendDeferral(hub);
      assertThat(ReceiverShapes.slack(JSON.readTree(slack.next("/ops", 20).body()))).isEmpty();

      // Deleting a file removes what it declared.
      Files.delete(connectors.resolve("broken.camel.yaml"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  !admin
                      .expect(200, "GET", "/api/routes", null)
                      .path("data")
                      .findValuesAsText("file")
                      .contains("connectors/broken.camel.yaml"));
    }
  }

  @Test
  void aFailingSlackEndpointIsRetriedDeadLetteredAndDisabledLikeAWebhook(@TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver =
            new TestReceiver().answer("/slack", 500, 500).answer("/hook", 500, 500);
        TestHub hub = startedWith(dir, "slack")) {
      AdminClient admin = new AdminClient(hub);
      // Operators hear about it in Slack too.
      subscribe(
          admin,
          "{\"organizationId\": \"hub\", \"eventTypes\": [\"hub.subscription.disabled\"],"
              + " \"profile\": \"slack\", \"url\": \""
              + receiver.url("/ops")
              + "\"}");
      String policy = ", \"retryPolicy\": {\"delays\": [\"PT1S\"]}}";
      String slackId =
          subscribe(
              admin,
              "{\"organizationId\": \"org-1\", \"eventTypes\": [\"*\"], \"profile\": \"slack\","
                  + " \"url\": \""
                  + receiver.url("/slack")
                  + "\""
                  + policy);
      String hookId =
          subscribe(
              admin,
              "{\"organizationId\": \"org-1\", \"eventTypes\": [\"*\"], \"url\": \""
                  + receiver.url("/hook")
                  + "\""
                  + policy);
      sendDeferral(hub);

      for (String id : List.of(slackId, hookId)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    !admin
                        .expect(200, "GET", "/api/subscriptions/" + id, null)
                        .path("enabled")
                        .asBoolean());
      }
      JsonNode slackDelivery = onlyDelivery(admin, slackId);
      JsonNode hookDelivery = onlyDelivery(admin, hookId);
      for (JsonNode delivery : List.of(slackDelivery, hookDelivery)) {
        assertThat(delivery.path("status").asText()).isEqualTo("dead");
        assertThat(delivery.path("attempts")).hasSize(2);
        assertThat(delivery.path("attempts").findValuesAsText("errorKind"))
            .containsExactly("non_2xx", "non_2xx");
        assertThat(delivery.path("attempts").findValuesAsText("statusCode"))
            .containsExactly("500", "500");
        assertThat(delivery.path("lastError").asText()).isEqualTo("HTTP 500");
      }
      assertThat(
              admin
                  .expect(200, "GET", "/api/subscriptions/" + slackId, null)
                  .path("disabledReason")
                  .asText())
          .contains("all 2 attempts");
      assertThat(admin.expect(200, "GET", "/api/dead-letters", null).path("data")).hasSize(2);
      for (int i = 0; i < 2; i++) {
        JsonNode alert = JSON.readTree(receiver.next("/ops", 20).body());
        assertThat(ReceiverShapes.slack(alert)).isEmpty();
        assertThat(alert.path("text").asText())
            .startsWith("Subscription disabled (sub")
            .contains("all 2 attempts");
        assertThat(alert.path("blocks").toString()).contains("all 2 attempts");
        assertThat(alert.toString()).doesNotContain(receiver.url("/slack"));
      }
    }
  }

  @Test
  void deliveriesThroughADeletedConnectorFailAndRetry(@TempDir Path dir) throws Exception {
    try (TestReceiver slack = new TestReceiver();
        TestHub hub = startedWith(dir, "slack")) {
      AdminClient admin = new AdminClient(hub);
      String id =
          subscribe(
              admin,
              "{\"organizationId\": \"org-1\", \"eventTypes\": [\"*\"], \"profile\": \"slack\","
                  + " \"url\": \""
                  + slack.url("/gone")
                  + "\", \"retryPolicy\": {\"delays\": [\"PT30S\"]}}");
      Files.delete(hub.routesDir().resolve("connectors/slack.camel.yaml"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> admin.expect(200, "GET", "/api/connectors", null).path("data").isEmpty());
      sendDeferral(hub);
      JsonNode delivery =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> onlyDeliveryOrNull(admin, id),
                  d -> d != null && d.path("status").asText().equals("retrying"));
      assertThat(delivery.path("attempts").get(0).path("error").asText())
          .contains("connector 'slack' is not loaded");
      assertThat(slack.drain("/gone")).isEmpty();
    }
  }

  private static JsonNode onlyDeliveryOrNull(AdminClient admin, String subscriptionId)
      throws Exception {
    JsonNode list =
        admin
            .expect(200, "GET", "/api/deliveries?subscriptionId=" + subscriptionId, null)
            .path("data");
    return list.isEmpty()
        ? null
        : admin.expect(200, "GET", "/api/deliveries/" + list.get(0).path("id").asText(), null);
  }

  private static JsonNode onlyDelivery(AdminClient admin, String subscriptionId) throws Exception {
    JsonNode list =
        admin
            .expect(200, "GET", "/api/deliveries?subscriptionId=" + subscriptionId, null)
            .path("data");
    assertThat(list).hasSize(1);
    return admin.expect(200, "GET", "/api/deliveries/" + list.get(0).path("id").asText(), null);
  }

  private static JsonNode fileNamed(JsonNode files, String name) {
    for (JsonNode file : files) {
      if (file.path("file").asText().equals(name)) {
        return file;
      }
    }
    throw new AssertionError("no file " + name + " in " + files);
  }
}
