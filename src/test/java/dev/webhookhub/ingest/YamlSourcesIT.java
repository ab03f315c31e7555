package dev.webhookhub.ingest;

import static dev.webhookhub.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.HubEvents;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sources an integrator declares in a few lines of YAML, without rebuilding the hub: a queue and an
 * HTTP path, each with a named normaliser, behaving like the configured sources.
 */
class YamlSourcesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTACT = SeedSamples.read("fitprotracker/contact_created.json");

  private static final String CRM_SOURCES =
      """
      - templatedRoute:
          routeTemplateRef: hub-jms-source
          parameters:
            - {name: source, value: crm}
            - {name: normaliser, value: envelope}
      - templatedRoute:
          routeTemplateRef: hub-http-source
          parameters:
            - {name: path, value: /hooks/crm-web}
            - {name: source, value: crm-web}
            - {name: normaliser, value: fitprotracker}
      """;

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aQueueAndAPathDeclaredInYamlAreSources(TestDatabase database, @TempDir Path dir)
      throws Exception {
    Path routes = Files.createDirectories(dir.resolve("routes").resolve("sources"));
    Files.writeString(routes.resolve("crm.camel.yaml"), CRM_SOURCES);
    try (TestHub hub =
            new TestHub(dir.resolve("hub"), database)
                .ingestOnly()
                .with("hub.routes.dir", dir.resolve("routes").toString())
                .start();
        HubEvents events = new HubEvents(hub)) {
      Senders send = new Senders(hub);

      // The queue: transacted like a configured source; bad input is parked with a reason.
      send.jms("hub.ingest.crm", "{not json", Map.of());
      send.amqp("hub.ingest.crm", CONTACT, Map.of());
      JsonNode fromQueue = events.next();
      assertThat(fromQueue.path("source").asText()).isEqualTo("crm");
      assertThat(fromQueue.path("eventType").asText()).isEqualTo("contact.created");
      assertThat(fromQueue.path("eventId").asText())
          .isEqualTo(JSON.readTree(CONTACT).path("eventId").asText());
      Exchange parked =
          hub.context().createConsumerTemplate().receive("jms:queue:hub.ingest.invalid", 10_000);
      assertThat(parked.getMessage().getBody(String.class)).isEqualTo("{not json");
      assertThat(parked.getMessage().getHeader("HubSource", String.class)).isEqualTo("crm");
      assertThat(parked.getMessage().getHeader("HubInvalidReason", String.class))
          .contains("not valid JSON");

      // The path: answers like /ingest/{source}.
      String other = CONTACT.replace("5b0f7c2e", "6c1f7c2e");
      HttpResponse<String> accepted =
          send.post("/hooks/crm-web", "application/json", other, Map.of());
      assertThat(accepted.statusCode()).isEqualTo(202);
      JsonNode reply = JSON.readTree(accepted.body());
      JsonNode fromPath = events.next();
      assertThat(fromPath.path("source").asText()).isEqualTo("crm-web");
      assertThat(fromPath.path("eventId").asText()).isEqualTo(reply.path("eventId").asText());
      assertThat(reply.path("duplicate").asBoolean()).isFalse();
      assertThat(
              JSON.readTree(send.post("/hooks/crm-web", "application/json", other, Map.of()).body())
                  .path("duplicate")
                  .asBoolean())
          .isTrue();
      assertProblem(
          send.post("/hooks/crm-web", "application/json", "{\"unclosed\": ", Map.of()),
          400,
          "malformed-json");
      assertProblem(
          send.post("/hooks/crm-web", "text/plain", other, Map.of()),
          415,
          "unsupported-media-type");

      // A declared source is a source everywhere, e.g. on /ingest/<name>.
      assertThat(send.httpJson("crm", CONTACT.replace("5b0f7c2e", "7d2f7c2e")).statusCode())
          .isEqualTo(202);
      assertThat(events.next().path("source").asText()).isEqualTo("crm");
    }
  }
}
