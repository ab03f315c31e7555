package dev.webhookhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.broker.EmbeddedBroker;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two hub instances poll one outbox table and share one broker, as a scaled-out deployment does:
 * every row is relayed exactly once, nothing is relayed twice, and the rows reach {@code
 * hub.events} in the table's order (the source's order, which fan-out keeps per organization).
 */
class OutboxTwoInstancesIT {

  private static final int ROWS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void tenThousandRowsAreRelayedExactlyOnce(
      TestDatabase database, @TempDir Path first, @TempDir Path second) throws Exception {
    try (TestHub a = new TestHub(first, database).ingestOnly().start();
        TestHub b = new TestHub(second, database).ingestOnly().besides(a).start()) {
      insertRows(a, ROWS);

      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> count(a, "SELECT COUNT(*) FROM hub_outbox WHERE processed_at IS NULL") == 0);

      long relayedByA = a.bean("outboxRelay", OutboxRelay.class).rowsRelayed();
      long relayedByB = b.bean("outboxRelay", OutboxRelay.class).rowsRelayed();
      // One hub relays at a time (FOR UPDATE NOWAIT keeps the table's order), so which of the two
      // relayed how much is up to timing; together they relayed each row once.
      assertThat(relayedByA + relayedByB).isEqualTo(ROWS);
      assertThat(count(a, "SELECT COUNT(*) FROM hub_outbox WHERE event_id IS NULL")).isZero();
      assertThat(count(a, "SELECT COUNT(DISTINCT event_id) FROM hub_outbox")).isEqualTo(ROWS);
      assertThat(a.bean("eventDeduplicator", EventDeduplicator.class).duplicatesDropped()).isZero();
      assertThat(b.bean("eventDeduplicator", EventDeduplicator.class).duplicatesDropped()).isZero();
      long onHubEvents =
          a.bean("embeddedBroker", EmbeddedBroker.class)
              .server()
              .getActiveMQServer()
              .locateQueue("hub.events")
              .getMessageCount();
      assertThat(onHubEvents).isEqualTo(ROWS);
      assertThat(sequenceOnHubEvents(a)).isSorted().hasSize(ROWS);
    }
  }

  /**
   * The {@code data.seq} of every event on hub.events, in queue order. Consumed, not browsed: a
   * browser ends as soon as its buffer is momentarily empty.
   */
  private static List<Integer> sequenceOnHubEvents(TestHub hub) throws Exception {
    List<Integer> sequence = new ArrayList<>();
    try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(hub.brokerTcpUrl());
        jakarta.jms.Connection connection = factory.createConnection()) {
      connection.start();
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer = session.createConsumer(session.createQueue("hub.events"));
      for (int i = 0; i < ROWS; i++) {
        TextMessage message = (TextMessage) consumer.receive(10_000);
        if (message == null) {
          break;
        }
        sequence.add(JSON.readTree(message.getText()).path("data").path("seq").asInt());
      }
    }
    return sequence;
  }

  /** One transaction, as an existing system writing its outbox in bulk would. */
  private static void insertRows(TestHub hub, int rows) throws Exception {
    ObjectNode template =
        (ObjectNode) JSON.readTree(SeedSamples.read("fitprotracker/contact_created.json"));
    try (Connection db = hub.connectDatabase();
        PreparedStatement insert =
            db.prepareStatement("INSERT INTO hub_outbox (source, payload) VALUES (?, ?)")) {
      db.setAutoCommit(false);
      for (int i = 0; i < rows; i++) {
        insert.setString(1, "fitprotracker");
        ObjectNode row = template.deepCopy().put("eventId", UUID.randomUUID().toString());
        ((ObjectNode) row.get("data")).put("seq", i);
        insert.setString(2, JSON.writeValueAsString(row));
        insert.addBatch();
        if (i % 1000 == 999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
      db.commit();
    }
  }

  private static long count(TestHub hub, String sql) throws SQLException {
    try (Connection db = hub.connectDatabase();
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
