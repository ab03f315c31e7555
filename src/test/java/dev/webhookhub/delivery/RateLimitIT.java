package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import dev.webhookhub.testing.TestReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subscription limited to 5 deliveries per second gets them spaced out, in order. */
class RateLimitIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 15;

  @Test
  void deliveriesAreSpacedToTheLimit(@TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, new TestDatabase.H2()).start()) {
      int limit =
          new AdminClient(hub)
              .create(
                  "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"rateLimit\": 5,"
                      + " \"url\": \""
                      + receiver.url("/small")
                      + "\"}")
              .path("rateLimit")
              .asInt();
      assertThat(limit).isEqualTo(5);
      String template = SeedSamples.read("ufp/new_lead_created.json");
      for (int i = 0; i < EVENTS; i++) {
        new Senders(hub).httpJson("ufp", template.replace("\"Campaign\"", "\"c-" + i + "\""));
      }
      List<Received> received = new ArrayList<>();
      List<String> clients = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        Received r = receiver.next("/small", 30);
        received.add(r);
        clients.add(JSON.readTree(r.body()).path("data").path("client_name").asText());
      }
      assertThat(clients)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(0, EVENTS).mapToObj(i -> "c-" + i).toList());
      // The first goes at once (and pays for the new connection); the 14 after it wait for
      // slots 200 ms apart, so from the second to the last there are 13 intervals.
      Duration span = Duration.between(received.get(1).at(), received.get(EVENTS - 1).at());
      assertThat(span).isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
      assertThat(span).as("and not much slower").isLessThan(Duration.ofMillis(4_500));
    }
  }
}
