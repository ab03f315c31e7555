package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While nothing fails, one subscription receives its events in the order they were sent. */
class OrderIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 1_000;

  @Test
  void aThousandEventsArriveInOrder(@TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, new TestDatabase.H2()).start()) {
      new AdminClient(hub)
          .create(
              "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
                  + receiver.url("/ordered")
                  + "\"}");
      String template = SeedSamples.read("ufp/new_lead_created.json");
      Senders send = new Senders(hub);
      for (int i = 0; i < EVENTS; i++) {
        String event = template.replace("\"Campaign\"", "\"client-" + i + "\"");
        assertThat(send.httpJson("ufp", event).statusCode()).isEqualTo(202);
      }
      List<Integer> received = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        String body = receiver.next("/ordered", 60).body();
        String client = JSON.readTree(body).path("data").path("client_name").asText();
        received.add(Integer.parseInt(client.substring("client-".length())));
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        expected.add(i);
      }
      assertThat(received).containsExactlyElementsOf(expected);
    }
  }
}
