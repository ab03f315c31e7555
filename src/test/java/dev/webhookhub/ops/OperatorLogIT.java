package dev.webhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.delivery.Deliveries;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.LogCapture;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads in the log when a receiver fails: one WARN line per failed attempt, the
 * circuit opening and closing, the subscription being disabled; never a secret, a credential header
 * or a target's path (a Slack or Zapier URL is its token).
 */
class OperatorLogIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");
  private static final String SECRET = "whsec_c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1iZS1sb2dnZWQ=";
  private static final String URL_TOKEN = "T0SECRET/B0SECRET/xyzzyTokenInThePath";
  private static final String HEADER_VALUE = "header-credential-never-logged";

  @Test
  void failuresBreakersAndDisablingAreLoggedWithoutSecrets(@TempDir Path dir) throws Exception {
    try (LogCapture log = LogCapture.start();
        TestReceiver receiver =
            new TestReceiver()
                .answer("/services/" + URL_TOKEN, 500, 500, 200)
                .answer("/gone", 410);
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .with("hub.delivery.breaker.failures", "2")
                .with("hub.delivery.breaker.open-for", "PT1S")
                .start()) {
      AdminClient admin = new AdminClient(hub);
      String flaky =
          subscribe(
              admin,
              receiver.url("/services/" + URL_TOKEN + "?token=" + URL_TOKEN),
              ", \"retryPolicy\": {\"delays\": [\"PT0.1S\", \"PT0.1S\", \"PT0.1S\"]}");
      String gone = subscribe(admin, receiver.url("/gone"), "");
      String eventId =
          JSON.readTree(new Senders(hub).httpJson("ufp", UFP).body()).path("eventId").asText();
      String flakyDelivery = Deliveries.deliveryId(eventId, flaky);
      String goneDelivery = Deliveries.deliveryId(eventId, gone);
      String target = receiver.url("").replaceAll("/$", "");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(log.text())
                      .contains("Circuit closed: subscription=" + flaky)
                      .contains("Subscription disabled: subscription=" + gone));
      List<String> lines = log.text().lines().toList();

      assertThat(lines)
          .filteredOn(l -> l.contains("Delivery attempt failed: delivery=" + flakyDelivery))
          .as("one WARN line per failed attempt, the next attempt's time in it")
          .hasSize(2)
          .allSatisfy(
              l ->
                  assertThat(l)
                      .startsWith("WARN ")
                      .contains("subscription=" + flaky)
                      .contains("target=" + target + " ")
                      .contains("status=500")
                      .containsPattern("next=\\d{4}-\\d\\d-\\d\\dT"))
          .anySatisfy(l -> assertThat(l).contains("attempt=1 "))
          .anySatisfy(l -> assertThat(l).contains("attempt=2 "));
      assertThat(lines)
          .filteredOn(l -> l.contains("Delivery attempt failed: delivery=" + goneDelivery))
          .singleElement()
          .satisfies(l -> assertThat(l.trim()).contains("status=410").endsWith("next=dead"));
      assertThat(lines)
          .filteredOn(l -> l.contains("Circuit opened: subscription=" + flaky))
          .singleElement()
          .satisfies(l -> assertThat(l).startsWith("WARN "));
      assertThat(lines)
          .filteredOn(l -> l.contains("Subscription disabled: subscription=" + gone))
          .singleElement()
          .satisfies(l -> assertThat(l).startsWith("WARN ").contains("reason=").contains("410"));

      assertThat(log.text())
          .as("no secret, credential header or target path in the log")
          .doesNotContain(SECRET)
          .doesNotContain(HEADER_VALUE)
          .doesNotContain("B0SECRET")
          .doesNotContain("/gone");
    }
  }

  private static String subscribe(AdminClient admin, String url, String extra) throws Exception {
    return admin
        .create(
            "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"profile\": \"envelope\","
                + " \"url\": \""
                + url
                + "\", \"secret\": \""
                + SECRET
                + "\", \"headers\": {\"X-Webhook-Secret\": \""
                + HEADER_VALUE
                + "\"}"
                + extra
                + "}")
        .path("id")
        .asText();
  }
}
