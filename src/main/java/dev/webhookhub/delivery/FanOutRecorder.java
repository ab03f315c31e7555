package dev.webhookhub.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /** An event as fan-out stores it: the envelope is kept for replays, for the retention time. */
  public record Event(
      String eventId,
      String eventType,
      String organizationId,
      String locationId,
      String source,
      String envelope) {}

  /** What fan-out did with one event, made from the message {@code ref}. */
  public record Fanned(Event event, int deliveries, String ref) {}

  /**
   * Of the events that these messages carry (event id → message ref), the ones that another message
   * already fanned out. The message that did keeps its ref, so its own redelivery (its transaction
   * did not commit) is fanned out again.
   */
  public Set<String> fannedOutByOthers(Connection c, Map<String, String> refsByEventId)
      throws SQLException {
    Set<String> others = new HashSet<>();
    if (refsByEventId.isEmpty()) {
      return others;
    }
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT event_id, fanout_ref FROM hub_fanout WHERE event_id IN ("
                + String.join(", ", Collections.nCopies(refsByEventId.size(), "?"))
                + ")")) {
      int i = 1;
      for (String eventId : refsByEventId.keySet()) {
        select.setString(i++, eventId);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          String ref = refsByEventId.get(rs.getString(1));
          if (ref == null || !ref.equals(rs.getString(2))) {
            others.add(rs.getString(1));
          }
        }
      }
    }
    return others;
  }

  /** Records fan-outs in {@code c}'s transaction; a redelivered event keeps its first record. */
  public void record(Connection c, List<Fanned> fanned) throws SQLException {
    if (fanned.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO hub_fanout (event_id, event_type, organization_id, location_id,"
                + " deliveries, recorded_at, fanout_ref, source, envelope)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (Fanned f : fanned) {
        Event event = f.event();
        insert.setString(1, event.eventId());
        insert.setString(2, event.eventType());
        insert.setString(3, event.organizationId());
        insert.setString(4, event.locationId());
        insert.setInt(5, f.deliveries());
        insert.setTimestamp(6, now);
        insert.setString(7, f.ref());
        insert.setString(8, event.source());
        insert.setString(9, event.envelope());
        insert.addBatch();
      }
      int[] inserted = insert.executeBatch();
      for (int i = 0; i < inserted.length; i++) {
        if (inserted[i] == 1 && fanned.get(i).deliveries() == 0) {
          unmatched.incrementAndGet();
        }
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
