package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import dev.webhookhub.testing.TestReceiver.Received;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Deliveries reach real local receivers, signed; failures are retried on schedule, then dead. */
class DeliveryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void everyProfileArrivesSignedAsPromised(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, database).start()) {
      AdminClient admin = new AdminClient(hub);
      Map<String, String> secrets = new java.util.HashMap<>();
      for (String profile : List.of("envelope", "standard-webhooks", "fitmetrics", "ufp")) {
        secrets.put(
            profile,
            subscribe(admin, receiver, "/" + profile, profile, "").path("secret").asText());
      }
      subscribe(
          admin,
          receiver,
          "/fineguide",
          "fineguide",
          ", \"headers\": {\"X-Webhook-Secret\": \"fg-42\"}");

      new Senders(hub).httpJson("ufp", UFP);

      Received envelope = receiver.next("/envelope", 20);
      assertThat(envelope.header("X-Hub-Event")).isEqualTo("lead.created");
      assertThat(envelope.header("X-Hub-Delivery")).startsWith("dlv_");
      assertHexSignature(envelope, "X-Hub-Signature", "sha256=", secrets.get("envelope"));
      assertThat(JSON.readTree(envelope.body()).path("source").asText()).isEqualTo("ufp");

      Received standard = receiver.next("/standard-webhooks", 20);
      Map<String, List<String>> headers =
          standard.headers().entrySet().stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
      new Webhook(secrets.get("standard-webhooks"))
          .verify(standard.body(), HttpHeaders.of(headers, (a, b) -> true));

      Received fitmetrics = receiver.next("/fitmetrics", 20);
      assertThat(fitmetrics.header("User-Agent")).isEqualTo("FitMetrics-AI-Assistant-Webhook/1.0");
      assertHexSignature(
          fitmetrics, "X-FitMetrics-Signature", "sha256=", secrets.get("fitmetrics"));

      Received ufp = receiver.next("/ufp", 20);
      assertHexSignature(ufp, "X-UFP-Signature", "", secrets.get("ufp"));
      JsonNode ufpBody = JSON.readTree(ufp.body());
      JsonNode sent = JSON.readTree(UFP);
      assertThat(ufpBody.path("created_at")).isEqualTo(sent.path("created_at"));
      assertThat(ufpBody.path("company_id")).isEqualTo(sent.path("company_id"));
      assertThat(ufpBody.path("tenant_id")).isEqualTo(sent.path("tenant_id"));
      assertThat(ufpBody.path("payload")).isEqualTo(sent.path("payload"));

      Received fineguide = receiver.next("/fineguide", 20);
      assertThat(fineguide.header("X-Webhook-Secret")).isEqualTo("fg-42");
      assertThat(JSON.readTree(fineguide.body()).path("type").asText()).isEqualTo("CREATE_LEAD");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void failingTwiceThenSucceedingIsDeliveredOnTheThirdAttemptOnSchedule(
      TestDatabase database, @TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver().answer("/flaky", 500, 503, 200);
        TestHub hub = new TestHub(dir, database).start()) {
      String id =
          subscribe(
                  new AdminClient(hub),
                  receiver,
                  "/flaky",
                  "envelope",
                  ", \"retryPolicy\": {\"delays\": [\"PT1S\", \"PT2S\"]}")
              .path("id")
              .asText();
      new Senders(hub).httpJson("ufp", UFP);

      Received first = receiver.next("/flaky", 20);
      Received second = receiver.next("/flaky", 20);
      Received third = receiver.next("/flaky", 20);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(attempts(hub, id)).containsExactly("1:500", "2:503", "3:200"));
      assertThat(Duration.between(first.at(), second.at())).isBetween(ms(950), ms(4000));
      assertThat(Duration.between(second.at(), third.at())).isBetween(ms(1950), ms(5000));
      assertThat(third.body()).isEqualTo(first.body());
      assertThat(third.header("X-Hub-Delivery")).isEqualTo(first.header("X-Hub-Delivery"));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(attempts(hub, id)).containsExactly("1:500", "2:503", "3:200"));
      assertThat(deliveryStatus(hub, id)).isEqualTo("delivered");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void exhaustedRetriesDeadLetterAndDisable(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver =
            new TestReceiver().answer("/down", 500, 500, 200).answer("/gone", 410, 200);
        TestHub hub = new TestHub(dir, database).start()) {
      AdminClient admin = new AdminClient(hub);
      String down =
          subscribe(
                  admin,
                  receiver,
                  "/down",
                  "envelope",
                  ", \"retryPolicy\": {\"delays\": [\"PT0.2S\"]}")
              .path("id")
              .asText();
      String gone = subscribe(admin, receiver, "/gone", "envelope", "").path("id").asText();
      new Senders(hub).httpJson("ufp", UFP);

      receiver.next("/down", 20);
      receiver.next("/down", 20);
      receiver.next("/gone", 20);
      Exchange dead = hub.context().createConsumerTemplate().receive("jms:queue:hub.dead", 20_000);
      Exchange deadToo =
          hub.context().createConsumerTemplate().receive("jms:queue:hub.dead", 20_000);
      assertThat(List.of(dead, deadToo))
          .extracting(e -> e.getMessage().getHeader("HubSubscriptionId", String.class))
          .containsExactlyInAnyOrder(down, gone);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                JsonNode downNow = admin.expect(200, "GET", "/api/subscriptions/" + down, null);
                assertThat(downNow.path("enabled").asBoolean()).isFalse();
                assertThat(downNow.path("disabledReason").asText()).contains("all 2 attempts");
                JsonNode goneNow = admin.expect(200, "GET", "/api/subscriptions/" + gone, null);
                assertThat(goneNow.path("enabled").asBoolean()).isFalse();
                assertThat(goneNow.path("disabledReason").asText()).contains("410");
              });
      assertThat(attempts(hub, down)).containsExactly("1:500", "2:500");
      assertThat(attempts(hub, gone)).containsExactly("1:410");
      assertThat(deliveryStatus(hub, down)).isEqualTo("dead");

      // The operator sees every attempt, and the dead letter.
      String deadId = Deliveries.deliveryId(eventIdOf(dead), down);
      JsonNode shown = admin.expect(200, "GET", "/api/deliveries/" + deadId, null);
      assertThat(shown.path("status").asText()).isEqualTo("dead");
      assertThat(shown.path("attempts").findValuesAsText("errorKind"))
          .containsExactly("non_2xx", "non_2xx");
      assertThat(shown.path("attempts").get(0).path("responseBody").asText()).contains("500");
      JsonNode deadLetters =
          admin.expect(200, "GET", "/api/dead-letters?subscriptionId=" + down, null);
      assertThat(deadLetters.path("data").findValuesAsText("id")).containsExactly(deadId);

      // Redrive refuses a disabled subscription; after re-enabling it delivers, same ids.
      assertThat(admin.call("POST", "/api/subscriptions/" + down + "/redrive", null).statusCode())
          .isEqualTo(409);
      admin.expect(200, "POST", "/api/subscriptions/" + down + "/enable", null);
      assertThat(
              admin
                  .expect(202, "POST", "/api/subscriptions/" + down + "/redrive", null)
                  .path("queued")
                  .asInt())
          .isEqualTo(1);
      Received redriven = receiver.next("/down", 20);
      assertThat(redriven.header("X-Hub-Delivery")).isEqualTo(deadId);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(attempts(hub, down)).containsExactly("1:500", "2:500", "3:200"));
      assertThat(deliveryStatus(hub, down)).isEqualTo("delivered");

      // A disabled subscription's events are kept as skipped, and recovered after re-enabling.
      Instant beforeSkip = Instant.now();
      String skippedEvent =
          JSON.readTree(new Senders(hub).httpJson("ufp", UFP.replace("Campaign", "Later")).body())
              .path("eventId")
              .asText();
      String skippedId = Deliveries.deliveryId(skippedEvent, gone);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          admin
                              .expect(200, "GET", "/api/deliveries/" + skippedId, null)
                              .path("status")
                              .asText())
                      .isEqualTo("skipped_disabled"));
      receiver.next("/down", 20); // the enabled one got it meanwhile
      admin.expect(200, "POST", "/api/subscriptions/" + gone + "/enable", null);
      admin.expect(
          202,
          "POST",
          "/api/subscriptions/" + gone + "/recover",
          "{\"since\": \"" + beforeSkip + "\"}");
      Received recovered = receiver.next("/gone", 20);
      assertThat(recovered.header("X-Hub-Delivery")).isEqualTo(skippedId);
      // A subscription created after the fact gets past events by replaying them.
      String late = subscribe(admin, receiver, "/late", "envelope", "").path("id").asText();
      JsonNode replayed =
          admin.expect(
              202,
              "POST",
              "/api/events/replay",
              "{\"from\": \""
                  + beforeSkip.minusSeconds(600)
                  + "\", \"to\": \""
                  + Instant.now().plusSeconds(1)
                  + "\", \"subscriptionId\": \""
                  + late
                  + "\"}");
      assertThat(replayed.path("queued").asInt()).isEqualTo(2);
      List<String> lateEvents = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        lateEvents.add(JSON.readTree(receiver.next("/late", 20).body()).path("eventId").asText());
      }
      assertThat(lateEvents).contains(skippedEvent).hasSize(2);
    }
  }

  private static String eventIdOf(Exchange delivery) {
    return delivery.getMessage().getHeader("HubEventId", String.class);
  }

  private static JsonNode subscribe(
      AdminClient admin, TestReceiver receiver, String path, String profile, String extra)
      throws Exception {
    return admin.create(
        "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
            + receiver.url(path)
            + "\", \"profile\": \""
            + profile
            + "\""
            + extra
            + "}");
  }

  /** What a receiver following the contract does: HMAC-SHA256 of the raw body with the secret. */
  private static void assertHexSignature(
      Received request, String header, String prefix, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        prefix
            + HexFormat.of()
                .formatHex(mac.doFinal(request.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(
            MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                String.valueOf(request.header(header)).getBytes(StandardCharsets.UTF_8)))
        .as(header + " verifies")
        .isTrue();
  }

  /** Every attempt of the subscription's deliveries, as the operator API shows them. */
  private static List<String> attempts(TestHub hub, String subscriptionId) throws Exception {
    AdminClient admin = new AdminClient(hub);
    List<String> attempts = new ArrayList<>();
    JsonNode deliveries =
        admin.expect(200, "GET", "/api/deliveries?subscriptionId=" + subscriptionId, null);
    for (JsonNode delivery : deliveries.path("data")) {
      JsonNode shown =
          admin.expect(200, "GET", "/api/deliveries/" + delivery.path("id").asText(), null);
      for (JsonNode attempt : shown.path("attempts")) {
        attempts.add(attempt.path("attempt").asInt() + ":" + attempt.path("statusCode").asInt());
      }
    }
    return attempts;
  }

  private static String deliveryStatus(TestHub hub, String subscriptionId) throws Exception {
    try (Connection db = hub.connectDatabase();
        PreparedStatement select =
            db.prepareStatement("SELECT status FROM hub_delivery WHERE subscription_id = ?")) {
      select.setString(1, subscriptionId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
