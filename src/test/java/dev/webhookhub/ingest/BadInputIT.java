package dev.webhookhub.ingest;

import static dev.webhookhub.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.testing.HubEvents;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on each source gets its documented outcome, and never stops the good event sent right
 * after it.
 */
class BadInputIT {

  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");
  private static final String UFP_WITHOUT_TYPE =
      UFP.replace("\"webhook_event_type\": \"new_lead_created\",", "");

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void badInputIsReportedAndGoodInputStillFlows(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestHub hub =
            new TestHub(dir, database)
                .ingestOnly()
                .with("hub.ingest.max-body-bytes", "4096")
                .start();
        HubEvents events = new HubEvents(hub)) {
      Senders send = new Senders(hub);
      assertThat(UFP_WITHOUT_TYPE).isNotEqualTo(UFP);

      // JMS: parked on hub.ingest.invalid with the reason and the source, in arrival order.
      send.jms("hub.ingest.ufp", "{not json", Map.of());
      send.amqp("hub.ingest.ufp", UFP_WITHOUT_TYPE, Map.of());
      send.jms("hub.ingest.ufp", UFP, Map.of());
      assertThat(events.next().path("eventType").asText()).isEqualTo("lead.created");
      ConsumerTemplate invalid = hub.context().createConsumerTemplate();
      Exchange notJson = invalid.receive("jms:queue:hub.ingest.invalid", 10_000);
      Exchange noType = invalid.receive("jms:queue:hub.ingest.invalid", 10_000);
      assertThat(notJson.getMessage().getBody(String.class)).isEqualTo("{not json");
      assertThat(notJson.getMessage().getHeader("HubInvalidReason", String.class))
          .contains("not valid JSON");
      assertThat(notJson.getMessage().getHeader("HubSource", String.class)).isEqualTo("ufp");
      assertThat(noType.getMessage().getBody(String.class)).isEqualTo(UFP_WITHOUT_TYPE);
      assertThat(noType.getMessage().getHeader("HubInvalidReason", String.class))
          .contains("webhook_event_type");

      // HTTP: a problem+json answer that names what is wrong.
      assertProblem(send.httpJson("ufp", "{\"unclosed\": "), 400, "malformed-json");
      assertProblem(send.http("ufp", "text/plain", UFP, Map.of()), 415, "unsupported-media-type");
      assertProblem(send.http("ufp", null, UFP, Map.of()), 415, "unsupported-media-type");
      assertProblem(
          send.httpJson("ufp", "{\"pad\": \"" + "x".repeat(5000) + "\"}"), 413, "body-too-large");
      JsonNode missing =
          assertProblem(send.httpJson("ufp", UFP_WITHOUT_TYPE), 422, "invalid-event");
      assertThat(missing.path("detail").asText()).contains("webhook_event_type");
      assertProblem(send.httpJson("nosuchsource", UFP), 404, "unknown-source");
      // Bytes that are not UTF-8 inside a string: refused, not turned into U+FFFD and accepted.
      byte[] notUtf8 =
          UFP.replace("Campaign", "Campa\u00ffgn").getBytes(StandardCharsets.ISO_8859_1);
      JsonNode notText =
          assertProblem(
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(hub.httpUrl("/ingest/ufp")))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()),
              400,
              "malformed-json");
      assertThat(notText.path("detail").asText()).contains("not valid UTF-8");
      JsonNode noOrganization =
          assertProblem(
              send.httpJson("fineguide", SeedSamples.read("fineguide/ticket.json")),
              422,
              "invalid-event");
      assertThat(noOrganization.path("detail").asText()).contains("organizationId");
      String fineGuideTicket = SeedSamples.read("fineguide/message.json");
      assertThat(
              send.http(
                      "fineguide",
                      "application/json; charset=utf-8",
                      fineGuideTicket,
                      Map.of("Hub-Organization-Id", "org-1"))
                  .statusCode())
          .isEqualTo(202);
      assertThat(events.next().path("eventType").asText()).isEqualTo("message.sent");

      // Outbox: bad rows are marked with their error; the rows behind them still go through.
      send.outbox("ufp", "{not json", null);
      send.outbox("nosuchsource", UFP, null);
      send.outbox("ufp", UFP_WITHOUT_TYPE, null);
      send.outbox("fitprotracker", SeedSamples.read("fitprotracker/contact_created.json"), null);
      assertThat(events.next().path("eventType").asText()).isEqualTo("contact.created");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(outboxErrors(hub))
                      .satisfiesExactly(
                          e -> assertThat(e).contains("not valid JSON"),
                          e -> assertThat(e).contains("unknown source 'nosuchsource'"),
                          e -> assertThat(e).contains("webhook_event_type"),
                          e -> assertThat(e).isNull()));
    }
  }

  private static List<String> outboxErrors(TestHub hub) throws Exception {
    List<String> errors = new ArrayList<>();
    try (Connection db = hub.connectDatabase();
        Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT error, processed_at FROM hub_outbox ORDER BY id")) {
      while (rs.next()) {
        assertThat(rs.getTimestamp(2)).as("every row is marked processed").isNotNull();
        errors.add(rs.getString(1));
      }
    }
    return errors;
  }
}
