package dev.webhookhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.HubEvents;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole hub takes events in through every source and puts envelopes on hub.events. */
class IngestIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void everySourceEndsAsAnEnvelopeOnHubEvents(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestHub hub = new TestHub(dir, database).ingestOnly().start();
        HubEvents events = new HubEvents(hub)) {
      Senders send = new Senders(hub);

      send.jms("hub.ingest.ufp", SeedSamples.read("ufp/new_lead_created.json"), Map.of());
      send.amqp(
          "hub.ingest.fitprotracker",
          SeedSamples.read("fitprotracker/contact_created.json"),
          Map.of());
      send.stomp(
          "hub.ingest.fineguide",
          SeedSamples.read("fineguide/ticket.json"),
          Map.of("HubOrganizationId", "org-stomp"));
      HttpResponse<String> accepted =
          send.http(
              "fitmetrics",
              "application/json",
              SeedSamples.read("fitmetrics/message_deferred.json"),
              Map.of("Hub-Organization-Id", "org-http", "Hub-Location-Id", "loc-7"));
      send.outbox("fineguide", SeedSamples.read("fineguide/session_open.json"), "org-outbox");

      assertThat(accepted.statusCode()).isEqualTo(202);
      String httpEventId = JSON.readTree(accepted.body()).path("eventId").asText();
      assertThat(httpEventId).isNotBlank();

      Map<String, JsonNode> byType = new HashMap<>();
      for (int i = 0; i < 5; i++) {
        JsonNode event = events.next();
        byType.put(event.path("eventType").asText(), event);
      }
      assertThat(byType)
          .containsOnlyKeys(
              "lead.created",
              "contact.created",
              "ticket.created",
              "message.deferred",
              "session.opened");

      JsonNode ufp = byType.get("lead.created");
      assertThat(ufp.path("source").asText()).isEqualTo("ufp");
      assertThat(ufp.path("eventTimestamp").asText()).isEqualTo("2025-11-06T17:22:00Z");
      assertThat(ufp.path("organizationId").asText()).isEqualTo("1");
      assertThat(ufp.path("locationId").asText()).isEqualTo("2");
      assertThat(ufp.path("apiVersion").asText()).isEqualTo("1.1");
      assertThat(ufp.path("data").path("tenant_name").asText()).isEqualTo("DEMO TENANT - T1");

      JsonNode fpt = byType.get("contact.created");
      JsonNode fptSample = JSON.readTree(SeedSamples.read("fitprotracker/contact_created.json"));
      assertThat(fpt.path("source").asText()).isEqualTo("fitprotracker");
      assertThat(fpt.path("eventId")).isEqualTo(fptSample.path("eventId"));
      assertThat(fpt.path("data")).isEqualTo(fptSample.path("data"));

      JsonNode ticket = byType.get("ticket.created");
      assertThat(ticket.path("source").asText()).isEqualTo("fineguide");
      assertThat(ticket.path("organizationId").asText()).isEqualTo("org-stomp");
      assertThat(ticket.path("data"))
          .isEqualTo(JSON.readTree(SeedSamples.read("fineguide/ticket.json")));

      JsonNode deferred = byType.get("message.deferred");
      assertThat(deferred.path("eventId").asText()).isEqualTo(httpEventId);
      assertThat(deferred.path("organizationId").asText()).isEqualTo("org-http");
      assertThat(deferred.path("locationId").asText()).isEqualTo("loc-7");

      JsonNode opened = byType.get("session.opened");
      assertThat(opened.path("organizationId").asText()).isEqualTo("org-outbox");
      assertThat(opened.path("locationId").isNull()).isTrue();
    }
  }
}
