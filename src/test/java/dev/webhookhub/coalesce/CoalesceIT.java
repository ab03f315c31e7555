package dev.webhookhub.coalesce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rapid changes to one FitProTracker contact reach a subscriber as one event with the latest state
 * and the ids it replaced, also when the hub restarts in the middle of the window.
 */
class CoalesceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/contacts";
  private static final Instant START = Instant.parse("2025-11-06T17:22:00Z");

  private int sent;

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void rapidUpdatesOfOneContactArriveAsOneEvent(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub =
            new TestHub(dir, database)
                .with("hub.source.fitprotracker.coalesce-window", "PT4S")
                .start()) {
      subscribe(hub, receiver);
      Senders send = new Senders(hub);

      List<String> priya = new ArrayList<>();
      List<String> omar = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        priya.add(send(send, "contact.updated", "c-1", "Priya " + i));
        if (i % 5 == 0) {
          omar.add(send(send, "contact.updated", "c-2", "Omar " + i));
        }
      }

      Map<String, JsonNode> byContact =
          List.of(receiver.next(PATH, 30), receiver.next(PATH, 30)).stream()
              .map(r -> read(r.body()))
              .collect(
                  Collectors.toMap(e -> e.at("/data/contactId").asText(), Function.identity()));
      JsonNode one = byContact.get("c-1");
      assertThat(one.path("eventId").asText()).isEqualTo(priya.get(9));
      assertThat(one.path("eventType").asText()).isEqualTo("contact.updated");
      assertThat(one.at("/data/firstName").asText()).isEqualTo("Priya 10");
      assertThat(ids(one.path("replacedEventIds"))).containsExactlyElementsOf(priya.subList(0, 9));
      JsonNode other = byContact.get("c-2");
      assertThat(other.path("eventId").asText()).isEqualTo(omar.get(1));
      assertThat(other.at("/data/firstName").asText()).isEqualTo("Omar 10");
      assertThat(ids(other.path("replacedEventIds"))).containsExactly(omar.get(0));
      assertNothingMoreArrives(receiver);

      // The window is over: the next change starts a new one and leaves alone.
      String late = send(send, "contact.updated", "c-1", "Priya late");
      JsonNode next = read(receiver.next(PATH, 30).body());
      assertThat(next.path("eventId").asText()).isEqualTo(late);
      assertThat(next.at("/data/firstName").asText()).isEqualTo("Priya late");
      assertThat(next.has("replacedEventIds")).isFalse();
      assertNothingMoreArrives(receiver);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aRestartInTheMiddleOfTheWindowLosesAndDuplicatesNothing(
      TestDatabase database, @TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub =
            new TestHub(dir, database)
                // Long enough to cover a restart of the hub on a slow machine.
                .with("hub.source.fitprotracker.coalesce-window", "PT15S")
                .start()) {
      subscribe(hub, receiver);
      Senders send = new Senders(hub);
      List<String> ids = new ArrayList<>();
      ids.add(send(send, "contact.created", "c-1", "Priya 1"));
      for (int i = 2; i <= 5; i++) {
        ids.add(send(send, "contact.updated", "c-1", "Priya " + i));
      }
      assertThat(pendingRows(hub)).isEqualTo(1);

      hub.restart();

      for (int i = 6; i <= 10; i++) {
        ids.add(send(send, "contact.updated", "c-1", "Priya " + i));
      }
      JsonNode event = read(receiver.next(PATH, 40).body());
      assertThat(event.path("eventId").asText()).isEqualTo(ids.get(9));
      assertThat(event.path("eventType").asText()).isEqualTo("contact.created");
      assertThat(event.at("/data/firstName").asText()).isEqualTo("Priya 10");
      assertThat(ids(event.path("replacedEventIds"))).containsExactlyElementsOf(ids.subList(0, 9));
      assertNothingMoreArrives(receiver);
      assertThat(pendingRows(hub)).isZero();
    }
  }

  private static void subscribe(TestHub hub, TestReceiver receiver) throws Exception {
    new AdminClient(hub)
        .create(
            "{\"organizationId\": \"org-1042\", \"eventTypes\": [\"contact.*\"], \"url\": \""
                + receiver.url(PATH)
                + "\", \"profile\": \"envelope\"}");
  }

  /** Sends one FitProTracker contact event over HTTP; returns its event id. */
  private String send(Senders send, String type, String contactId, String firstName)
      throws Exception {
    ObjectNode event =
        (ObjectNode) JSON.readTree(SeedSamples.read("fitprotracker/contact_created.json"));
    String eventId = "evt-" + contactId + "-" + (++sent);
    event.put("eventId", eventId);
    event.put("eventType", type);
    event.put("eventTimestamp", START.plusSeconds(sent).toString());
    ((ObjectNode) event.path("data")).put("contactId", contactId).put("firstName", firstName);
    assertThat(send.httpJson("fitprotracker", event.toString()).statusCode()).isEqualTo(202);
    return eventId;
  }

  private static void assertNothingMoreArrives(TestReceiver receiver) {
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> receiver.drain(PATH).isEmpty());
  }

  private static int pendingRows(TestHub hub) throws Exception {
    try (Connection db = hub.connectDatabase();
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM hub_coalesce_pending")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(id -> ids.add(id.asText()));
    return ids;
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("Not JSON: " + body, e);
    }
  }
}
