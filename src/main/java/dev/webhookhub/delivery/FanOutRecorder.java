package dev.webhookhub.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Records what fan-out did with each event, so "why did nobody get it?" has an answer. */
public final class FanOutRecorder {

  /** What fan-out did with one event. */
  public record Outcome(
      String eventId,
      String eventType,
      String organizationId,
      String locationId,
      int deliveries,
      Instant recordedAt) {}

  private final DataSource dataSource;
  private final AtomicLong unmatched = new AtomicLong();

  public FanOutRecorder(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Whether this copy of an event must be fanned out: yes unless another message already fanned it
   * out. The message that did keeps its ref, so its own redelivery (its transaction did not commit)
   * is fanned out again.
   */
  public boolean isFirstFanOut(String eventId, String ref) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT fanout_ref FROM hub_fanout WHERE event_id = ?")) {
      select.setString(1, eventId);
      try (ResultSet rs = select.executeQuery()) {
        return !rs.next() || (ref != null && ref.equals(rs.getString(1)));
      }
    }
  }

  /** An event as fan-out stores it: the envelope is kept for replays, for the retention time. */
  public record Event(
      String eventId,
      String eventType,
      String organizationId,
      String locationId,
      String source,
      String envelope) {}

  /** A redelivered event keeps its first record. */
  public void record(Event event, int deliveries, String ref) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO hub_fanout (event_id, event_type, organization_id, location_id,"
                    + " deliveries, recorded_at, fanout_ref, source, envelope)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, event.eventId());
      insert.setString(2, event.eventType());
      insert.setString(3, event.organizationId());
      insert.setString(4, event.locationId());
      insert.setInt(5, deliveries);
      insert.setTimestamp(6, Timestamp.from(Instant.now()));
      insert.setString(7, ref);
      insert.setString(8, event.source());
      insert.setString(9, event.envelope());
      if (insert.executeUpdate() == 1 && deliveries == 0) {
        unmatched.incrementAndGet();
      }
    }
  }

  public Optional<Outcome> find(String eventId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT event_id, event_type, organization_id, location_id, deliveries, recorded_at"
                    + " FROM hub_fanout WHERE event_id = ?")) {
      select.setString(1, eventId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Outcome(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getTimestamp(6).toInstant()));
      }
    }
  }

  /** Events this instance found no subscription for, since it started. */
  public long unmatched() {
    return unmatched.get();
  }
}
