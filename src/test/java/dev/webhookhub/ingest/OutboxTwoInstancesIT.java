package dev.webhookhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookhub.broker.EmbeddedBroker;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two hub instances poll one outbox table and share one broker, as a scaled-out deployment does:
 * every row is relayed exactly once, and nothing is relayed twice.
 */
class OutboxTwoInstancesIT {

  private static final int ROWS = 10_000;

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
      assertThat(relayedByA + relayedByB).isEqualTo(ROWS);
      assertThat(relayedByA).as("instance A took part").isPositive();
      assertThat(relayedByB).as("instance B took part").isPositive();
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
    }
  }

  /** One transaction, as an existing system writing its outbox in bulk would. */
  private static void insertRows(TestHub hub, int rows) throws SQLException {
    String template = SeedSamples.read("fitprotracker/contact_created.json");
    String sampleId = "\"eventId\"";
    try (Connection db = hub.connectDatabase();
        PreparedStatement insert =
            db.prepareStatement("INSERT INTO hub_outbox (source, payload) VALUES (?, ?)")) {
      db.setAutoCommit(false);
      for (int i = 0; i < rows; i++) {
        insert.setString(1, "fitprotracker");
        insert.setString(
            2,
            template.replaceFirst(
                sampleId + "\\s*:\\s*\"[^\"]+\"", sampleId + ": \"" + UUID.randomUUID() + "\""));
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
