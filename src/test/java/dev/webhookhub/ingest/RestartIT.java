package dev.webhookhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.HubEvents;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What must hold across a restart: dedupe, and messages waiting for a source not yet known. */
class RestartIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void duplicatesAreDroppedAcrossARestart(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestHub hub = new TestHub(dir, database).ingestOnly().start()) {
      Senders send = new Senders(hub);
      String eventId;
      try (HubEvents events = new HubEvents(hub)) {
        HttpResponse<String> first = send.httpJson("ufp", UFP);
        eventId = JSON.readTree(first.body()).path("eventId").asText();
        assertThat(JSON.readTree(first.body()).path("duplicate").asBoolean()).isFalse();
        assertThat(events.next().path("eventId").asText()).isEqualTo(eventId);
      }

      hub.restart();

      try (HubEvents events = new HubEvents(hub)) {
        // The same message again, through every source.
        JsonNode again = JSON.readTree(send.httpJson("ufp", UFP).body());
        assertThat(again.path("eventId").asText()).isEqualTo(eventId);
        assertThat(again.path("duplicate").asBoolean()).isTrue();
        send.jms("hub.ingest.ufp", UFP, Map.of());
        send.outbox("ufp", UFP, null);
        EventDeduplicator deduplicator = hub.bean("eventDeduplicator", EventDeduplicator.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> deduplicator.duplicatesDropped() == 3);

        // A new event is the next thing on hub.events: none of the copies got there before it.
        String fresh = UFP.replace("Campaign", "Another client");
        String freshId = JSON.readTree(send.httpJson("ufp", fresh).body()).path("eventId").asText();
        assertThat(freshId).isNotEqualTo(eventId);
        assertThat(events.next().path("eventId").asText()).isEqualTo(freshId);
      }
    }
  }

  /**
   * An AMQP producer that starts before the hub knows its source: the address does not exist yet,
   * and Artemis's default for AMQP would create a MULTICAST address with no queue and drop the
   * message. The hub's address settings keep it until a hub configured with that source reads it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void amqpMessagesToAnUnknownIngestQueueWaitForTheirSource(
      TestDatabase database, @TempDir Path dir) throws Exception {
    String contact = SeedSamples.read("fitprotracker/contact_created.json");
    try (TestHub hub = new TestHub(dir, database).ingestOnly().start()) {
      new Senders(hub).amqp("hub.ingest.latecomer", contact, Map.of());

      hub.with("hub.sources", "fitprotracker,latecomer:fitprotracker").restart();

      try (HubEvents events = new HubEvents(hub)) {
        JsonNode event = events.next();
        assertThat(event.path("source").asText()).isEqualTo("latecomer");
        assertThat(event.path("eventType").asText()).isEqualTo("contact.created");
        assertThat(event.path("data")).isEqualTo(JSON.readTree(contact).path("data"));
      }
    }
  }
}
