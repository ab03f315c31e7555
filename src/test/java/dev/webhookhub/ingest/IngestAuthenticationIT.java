package dev.webhookhub.ingest;

import static dev.webhookhub.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.webhookhub.signature.HmacSha256;
import dev.webhookhub.testing.HubEvents;
import dev.webhookhub.testing.LogCapture;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources that require a token or a signature, seen from outside: refused requests get a 401 and
 * publish nothing, accepted ones arrive on {@code hub.events}. Authentication happens before the
 * database is touched, so these run on H2 only.
 */
class IngestAuthenticationIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "fpt-ingest-token-0123456789";
  private static final String SECRET = "whsec_X4VjFcDzO2OI2LK+HK96/xXSgn04tzI1cfaH2ho23Wg=";
  private static final String CONTACT = SeedSamples.read("fitprotracker/contact_created.json");
  private static final String DEFERRED = SeedSamples.read("fitmetrics/message_deferred.json");

  @Test
  void aSourceWithATokenRefusesRequestsWithoutItAndPublishesNothing(@TempDir Path dir)
      throws Exception {
    try (LogCapture log = LogCapture.start();
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .ingestOnly()
                .with("hub.source.fitprotracker.token", "an-older-token-0123456789, " + TOKEN)
                .start();
        HubEvents events = new HubEvents(hub)) {
      Senders send = new Senders(hub);

      HttpResponse<String> missing = send.httpJson("fitprotracker", contact("aaaaaaaa"));
      assertProblem(missing, 401, "unauthorized");
      assertThat(missing.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"webhook-hub\"");
      HttpResponse<String> wrong =
          send.http(
              "fitprotracker",
              "application/json",
              contact("bbbbbbbb"),
              Map.of("Authorization", "Bearer " + TOKEN.substring(1)));
      assertProblem(wrong, 401, "unauthorized");
      assertThat(wrong.body()).doesNotContain(TOKEN.substring(1));
      // The token is checked before anything else: even a body that is not JSON gets a 401.
      assertProblem(
          send.http("fitprotracker", "text/plain", "{not json", Map.of()), 401, "unauthorized");

      HttpResponse<String> accepted =
          send.http(
              "fitprotracker",
              "application/json",
              contact("cccccccc"),
              Map.of("Authorization", "Bearer " + TOKEN));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

      // hub.events is a queue in arrival order: had a refused event been published, it would
      // come first.
      JsonNode first = events.next();
      assertThat(first.path("eventId").asText())
          .isEqualTo(JSON.readTree(accepted.body()).path("eventId").asText())
          .startsWith("cccccccc");
      assertThat(events.poll(500)).isNull();

      // Another source without settings stays open (on 127.0.0.1, so without a warning), and so
      // does the broker on 127.0.0.1: no credentials needed.
      HttpResponse<String> open =
          send.http(
              "fitmetrics", "application/json", DEFERRED, Map.of("Hub-Organization-Id", "org-1"));
      assertThat(open.statusCode()).as(open.body()).isEqualTo(202);
      assertThat(events.next().path("source").asText()).isEqualTo("fitmetrics");
      send.amqp("hub.ingest.fitprotracker", contact("55555555"), Map.of());
      assertThat(events.next().path("eventId").asText()).startsWith("55555555");
      assertThat(log.text()).doesNotContain("accepts events over HTTP from anyone");
      assertThat(log.text()).doesNotContain(TOKEN);
    }
  }

  @Test
  void aSignedSourceAcceptsStandardWebhooksWithinToleranceAndRefusesReplaysAndTampering(
      @TempDir Path dir) throws Exception {
    try (TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .ingestOnly()
                .with("hub.source.fitprotracker.signing-secret", SECRET)
                .with("hub.source.fitmetrics.signing-secret", SECRET)
                .with("hub.source.fitmetrics.organization-id", "org-fm")
                .start();
        HubEvents events = new HubEvents(hub)) {
      Senders send = new Senders(hub);
      long now = Instant.now().getEpochSecond();

      String replayed = contact("dddddddd");
      assertProblem(
          send.http(
              "fitprotracker",
              "application/json",
              replayed,
              signed("msg_replayed", now - 6 * 60, replayed)),
          401,
          "invalid-signature");
      String original = contact("eeeeeeee");
      Map<String, String> headers = signed("msg_tampered", now, original);
      HttpResponse<String> tampered =
          send.http(
              "fitprotracker", "application/json", original.replace("Priya", "Pria"), headers);
      assertProblem(tampered, 401, "invalid-signature");
      assertThat(tampered.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).contains("realm=\"webhook-hub\""));
      JsonNode unsigned =
          assertProblem(
              send.httpJson("fitprotracker", contact("ffffffff")), 401, "invalid-signature");
      assertThat(unsigned.path("detail").asText()).contains("webhook-signature");

      String fresh = contact("11111111");
      HttpResponse<String> accepted =
          send.http(
              "fitprotracker", "application/json", fresh, signed("msg_fresh", now - 60, fresh));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      assertThat(events.next().path("eventId").asText()).startsWith("11111111");

      // FitMetrics may sign the way its own contract says, with the secret it was given.
      String deferred = DEFERRED.replace("msg_9f3a2c71", "msg_signed01");
      String fitMetricsSignature =
          "sha256="
              + HmacSha256.hex(
                  SECRET.getBytes(StandardCharsets.UTF_8),
                  deferred.getBytes(StandardCharsets.UTF_8));
      assertProblem(
          send.http(
              "fitmetrics",
              "application/json",
              DEFERRED,
              Map.of("X-FitMetrics-Signature", fitMetricsSignature)),
          401,
          "invalid-signature");
      HttpResponse<String> contract =
          send.http(
              "fitmetrics",
              "application/json",
              deferred,
              Map.of("X-FitMetrics-Signature", fitMetricsSignature));
      assertThat(contract.statusCode()).as(contract.body()).isEqualTo(202);
      assertThat(events.next().path("source").asText()).isEqualTo("fitmetrics");
      assertThat(events.poll(500)).isNull();
    }
  }

  @Test
  void aYamlDeclaredHttpSourceTakesTheSameSettings(@TempDir Path dir) throws Exception {
    Path sources = Files.createDirectories(dir.resolve("routes").resolve("sources"));
    Files.writeString(
        sources.resolve("crm.camel.yaml"),
        """
        - templatedRoute:
            routeTemplateRef: hub-http-source
            parameters:
              - {name: path, value: /hooks/crm-web}
              - {name: source, value: crm-web}
              - {name: normaliser, value: fitprotracker}
        """);
    // A malformed secret refuses its route, naming the variable and not the value.
    Files.writeString(
        sources.resolve("shop.camel.yaml"),
        """
        - templatedRoute:
            routeTemplateRef: hub-http-source
            parameters:
              - {name: path, value: /hooks/shop}
              - {name: source, value: shop}
              - {name: normaliser, value: envelope}
        """);
    try (LogCapture log = LogCapture.start();
        TestHub hub =
            new TestHub(dir.resolve("hub"), new TestDatabase.H2())
                .ingestOnly()
                .with("hub.routes.dir", dir.resolve("routes").toString())
                .with("hub.http-host", "0.0.0.0")
                .with("hub.source.crm-web.token", TOKEN)
                .with("hub.source.shop.signing-secret", "whsec_not*base64!")
                .start();
        HubEvents events = new HubEvents(hub)) {
      Senders send = new Senders(hub);

      HttpResponse<String> refused =
          send.post("/hooks/crm-web", "application/json", contact("22222222"), Map.of());
      assertProblem(refused, 401, "unauthorized");
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"webhook-hub\"");
      assertProblem(
          send.http("crm-web", "application/json", contact("33333333"), Map.of()),
          401,
          "unauthorized");
      HttpResponse<String> accepted =
          send.post(
              "/hooks/crm-web",
              "application/json",
              contact("44444444"),
              Map.of("Authorization", "Bearer " + TOKEN));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      JsonNode event = events.next();
      assertThat(event.path("source").asText()).isEqualTo("crm-web");
      assertThat(event.path("eventId").asText()).startsWith("44444444");
      assertThat(events.poll(500)).isNull();

      // Bound to every interface: each source without credentials is named once, crm-web is not,
      // and no token is ever logged.
      String text = log.text();
      for (String open : new String[] {"fitmetrics", "fineguide", "fitprotracker", "ufp"}) {
        assertThat(occurrences(text, "WARN .*Source " + open + " accepts events over HTTP"))
            .as(open)
            .isEqualTo(1);
      }
      assertThat(text).doesNotContain("Source crm-web accepts").doesNotContain(TOKEN);
      assertThat(send.post("/hooks/shop", "application/json", "{}", Map.of()).statusCode())
          .isEqualTo(404);
      assertThat(text)
          .contains("HUB_SOURCE_SHOP_SIGNING_SECRET")
          .doesNotContain("not*base64!")
          .doesNotContain("Source shop accepts");
    }
  }

  /** The FitProTracker sample under another event id (the id's first 8 characters). */
  private static String contact(String idStart) {
    return CONTACT.replace("5b0f7c2e", idStart);
  }

  private static Map<String, String> signed(String id, long timestamp, String body)
      throws Exception {
    return Map.of(
        "webhook-id",
        id,
        "webhook-timestamp",
        String.valueOf(timestamp),
        "webhook-signature",
        new Webhook(SECRET).sign(id, timestamp, body));
  }

  private static int occurrences(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
