package dev.webhookhub.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Records every attempt and each delivery's current state. Written before the consumed message is
 * acknowledged: a crash may leave an attempt recorded whose delivery is then tried again, never an
 * attempt the receiver saw without its record.
 */
public final class DeliveryLog {

  /** A delivery's state after an attempt or a decision. */
  public enum Status {
    PENDING,
    RETRYING,
    DELIVERED,
    DEAD,
    SKIPPED_DISABLED,
    DROPPED;

    public String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Who a delivery is: the same for all its attempts. */
  public record Identity(
      String deliveryId, String eventId, String subscriptionId, String eventType) {}

  private final DataSource dataSource;

  public DeliveryLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * What to record of one delivery: an attempt and the state it left, or a state decided without an
   * attempt.
   *
   * @param attempts the delivery's attempts so far, as recorded
   * @param result the attempt, or null for a decision without one
   */
  public record Entry(
      Identity delivery,
      int attempts,
      AttemptResult result,
      Status status,
      String lastError,
      Instant nextAttemptAt) {}

  /**
   * The attempts recorded of a delivery so far: 0 if it has no record.
   *
   * @see DeliveryRecorder#recorded
   */
  public int recordedAttempts(String deliveryId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement find =
            c.prepareStatement("SELECT attempts FROM hub_delivery WHERE id = ?")) {
      find.setString(1, deliveryId);
      try (java.sql.ResultSet row = find.executeQuery()) {
        return row.next() ? row.getInt(1) : 0;
      }
    }
  }

  /** Records one decision that involved no attempt (skipped because disabled, dropped). */
  public void decision(Identity delivery, Status status, int attempts, String reason)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        record(c, List.of(new Entry(delivery, attempts, null, status, reason, null)));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Records many deliveries' attempts and states in the caller's transaction, a few statements for
   * the lot. Each delivery appears at most once in {@code entries}.
   */
  public void record(Connection c, List<Entry> entries) throws SQLException {
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO hub_delivery_attempt (delivery_id, event_id, subscription_id, attempt,"
                + " started_at, duration_ms, status_code, error_kind, error, response_body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      boolean any = false;
      for (Entry entry : entries) {
        AttemptResult result = entry.result();
        if (result == null) {
          continue;
        }
        Identity delivery = entry.delivery();
        insert.setString(1, delivery.deliveryId());
        insert.setString(2, delivery.eventId());
        insert.setString(3, delivery.subscriptionId());
        insert.setInt(4, entry.attempts());
        insert.setTimestamp(5, Timestamp.from(result.startedAt()));
        insert.setLong(6, result.durationMillis());
        if (result.statusCode() == null) {
          insert.setNull(7, Types.INTEGER);
        } else {
          insert.setInt(7, result.statusCode());
        }
        insert.setString(8, result.errorKind());
        insert.setString(9, result.error());
        insert.setString(10, AttemptResult.cap(result.responseBody()));
        insert.addBatch();
        any = true;
      }
      if (any) {
        insert.executeBatch();
      }
    }
    // Update, else insert: portable across H2 and PostgreSQL, and one delivery is never raced
    // (one instance at a time holds a subscription's deliveries).
    List<Entry> missing = new ArrayList<>();
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE hub_delivery SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?,"
                + " updated_at = ? WHERE id = ?")) {
      for (Entry entry : entries) {
        update.setString(1, entry.status().column());
        update.setInt(2, entry.attempts());
        update.setString(3, entry.lastError());
        update.setTimestamp(4, timestamp(entry.nextAttemptAt()));
        update.setTimestamp(5, now);
        update.setString(6, entry.delivery().deliveryId());
        update.addBatch();
      }
      int[] counts = update.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          missing.add(entries.get(i));
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO hub_delivery (id, event_id, subscription_id, event_type, status, attempts,"
                + " last_error, next_attempt_at, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Entry entry : missing) {
        Identity delivery = entry.delivery();
        insert.setString(1, delivery.deliveryId());
        insert.setString(2, delivery.eventId());
        insert.setString(3, delivery.subscriptionId());
        insert.setString(4, delivery.eventType());
        insert.setString(5, entry.status().column());
        insert.setInt(6, entry.attempts());
        insert.setString(7, entry.lastError());
        insert.setTimestamp(8, timestamp(entry.nextAttemptAt()));
        insert.setTimestamp(9, now);
        insert.setTimestamp(10, now);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
