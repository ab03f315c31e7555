package dev.webhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Past retention, an event and everything recorded about it are gone; before, nothing is. */
class RetentionIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void purgesOnlyWhatIsOlderThanTheCutoff(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, database).start()) {
      AdminClient admin = new AdminClient(hub);
      admin.create(
          "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
              + receiver.url("/kept")
              + "\"}");
      String eventId =
          new ObjectMapper()
              .readTree(
                  new Senders(hub)
                      .httpJson("ufp", SeedSamples.read("ufp/new_lead_created.json"))
                      .body())
              .path("eventId")
              .asText();
      receiver.next("/kept", 20);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  admin
                      .expect(200, "GET", "/api/deliveries?eventId=" + eventId, null)
                      .path("data")
                      .findValuesAsText("status")
                      .contains("delivered"));
      RetentionPurge purge = hub.bean("retentionPurge", RetentionPurge.class);

      assertThat(purge.purgeOlderThan(Instant.now().minus(Duration.ofHours(1))).values())
          .allMatch(n -> n == 0);
      admin.expect(200, "GET", "/api/events/" + eventId, null);

      Map<String, Integer> deleted = purge.purgeOlderThan(Instant.now().plusSeconds(60));
      assertThat(deleted)
          .containsEntry("hub_fanout", 1)
          .containsEntry("hub_event_seen", 1)
          .containsEntry("hub_delivery", 1)
          .containsEntry("hub_delivery_attempt", 1);
      assertThat(admin.call("GET", "/api/events/" + eventId, null).statusCode()).isEqualTo(404);
      assertThat(admin.expect(200, "GET", "/api/deliveries?eventId=" + eventId, null).path("data"))
          .isEmpty();
    }
  }
}
