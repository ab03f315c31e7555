package dev.webhookhub.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than the retention period: stored events, the ids used for dedupe,
 * deliveries with their attempts, processed outbox rows and dead letters of other stages. Past
 * retention an event can no longer be replayed, and a copy of it arriving again would be taken as
 * new.
 */
public final class RetentionPurge {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

  /** Table and the time column that ages its rows. Attempts go before their deliveries. */
  private record Aged(String table, String column) {}

  private static final List<Aged> TABLES =
      List.of(
          new Aged("hub_delivery_attempt", "started_at"),
          new Aged("hub_delivery", "updated_at"),
          new Aged("hub_fanout", "recorded_at"),
          new Aged("hub_event_seen", "first_seen_at"),
          new Aged("hub_outbox", "processed_at"),
          new Aged("hub_dead_letter", "updated_at"));

  private final DataSource dataSource;

  public RetentionPurge(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * @return rows deleted per table
   */
  public Map<String, Integer> purgeOlderThan(Instant cutoff) throws SQLException {
    Map<String, Integer> deleted = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      for (Aged aged : TABLES) {
        try (PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM " + aged.table() + " WHERE " + aged.column() + " < ?")) {
          delete.setTimestamp(1, Timestamp.from(cutoff));
          deleted.put(aged.table(), delete.executeUpdate());
        }
      }
    }
    if (deleted.values().stream().anyMatch(n -> n > 0)) {
      LOG.info("Retention: deleted rows older than {}: {}", cutoff, deleted);
    }
    return deleted;
  }
}
