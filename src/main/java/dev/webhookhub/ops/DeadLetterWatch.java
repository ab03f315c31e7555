package dev.webhookhub.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.DeterministicEventId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises {@code hub.dead_letters.growing} when at least {@code threshold} deliveries went dead in
 * one check period. Periods are aligned to the clock (every minute on the minute, by default), so
 * every hub instance looks at the same period and derives the same event id: one event however many
 * hubs run. Dead deliveries of the hub's own events are not counted, as for {@code
 * hub.delivery.dead}.
 */
public final class DeadLetterWatch {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWatch.class);
  private static final int LISTED_SUBSCRIPTIONS = 10;

  private final DataSource dataSource;
  private final OperationalEvents events;
  private final Duration period;
  private final int threshold;
  private final Clock clock;

  public DeadLetterWatch(
      DataSource dataSource,
      OperationalEvents events,
      Duration period,
      int threshold,
      Clock clock) {
    this.dataSource = dataSource;
    this.events = events;
    this.period = period;
    this.threshold = threshold;
    this.clock = clock;
  }

  /** Checks the last complete period; returns how many deliveries went dead in it. */
  public int check() throws SQLException {
    long periodMillis = period.toMillis();
    Instant until = Instant.ofEpochMilli(clock.millis() / periodMillis * periodMillis);
    Instant since = until.minus(period);
    ObjectNode data = events.newData();
    ArrayNode subscriptions = data.putArray("subscriptions");
    int added = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT subscription_id, COUNT(*) FROM hub_delivery WHERE status = 'dead'"
                    + " AND updated_at >= ? AND updated_at < ? AND event_type NOT LIKE 'hub.%'"
                    + " GROUP BY subscription_id ORDER BY COUNT(*) DESC, subscription_id")) {
      select.setTimestamp(1, Timestamp.from(since));
      select.setTimestamp(2, Timestamp.from(until));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          int count = rs.getInt(2);
          added += count;
          if (subscriptions.size() < LISTED_SUBSCRIPTIONS) {
            ObjectNode entry = subscriptions.addObject();
            entry.put("subscriptionId", rs.getString(1));
            entry.put("deadLetters", count);
          }
        }
      }
      if (added < threshold) {
        return added;
      }
      data.put("deadLettersAdded", added);
      data.put("threshold", threshold);
      data.put("since", since.toString());
      data.put("until", until.toString());
      data.put("deadLettersTotal", total(c));
    }
    LOG.warn("{} deliveries went dead between {} and {}", added, since, until);
    events.deadLettersGrowing(
        DeterministicEventId.of(
            OperationalEvents.SOURCE,
            JsonNodeFactory.instance.textNode("hub.dead_letters.growing " + since)),
        data);
    return added;
  }

  private static long total(Connection c) throws SQLException {
    try (PreparedStatement count =
            c.prepareStatement(
                "SELECT COUNT(*) FROM hub_delivery WHERE status = 'dead'"
                    + " AND event_type NOT LIKE 'hub.%'");
        ResultSet rs = count.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
