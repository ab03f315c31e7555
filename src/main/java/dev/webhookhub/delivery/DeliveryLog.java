package dev.webhookhub.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Records every attempt and each delivery's current state. Written before the consumed message is
 * committed: a crash may leave an attempt recorded whose delivery is then tried again, never a
 * delivery whose attempts are missing.
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

  /** Records one attempt and the state it leaves the delivery in, in one transaction. */
  public void attempt(
      Identity delivery, int attempt, AttemptResult result, Status status, Instant nextAttemptAt)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO hub_delivery_attempt (delivery_id, event_id, subscription_id, attempt,"
                    + " started_at, duration_ms, status_code, error_kind, error, response_body)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          insert.setString(1, delivery.deliveryId());
          insert.setString(2, delivery.eventId());
          insert.setString(3, delivery.subscriptionId());
          insert.setInt(4, attempt);
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
          insert.executeUpdate();
        }
        state(c, delivery, status, attempt, result.error(), nextAttemptAt);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Records a decision that involved no attempt (skipped because disabled, dropped). */
  public void decision(Identity delivery, Status status, int attempts, String reason)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      state(c, delivery, status, attempts, reason, null);
    }
  }

  /** Update, else insert: portable across H2 and PostgreSQL, and one delivery is never raced. */
  private static void state(
      Connection c,
      Identity delivery,
      Status status,
      int attempts,
      String lastError,
      Instant nextAttemptAt)
      throws SQLException {
    Timestamp now = Timestamp.from(Instant.now());
    Timestamp next = nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt);
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE hub_delivery SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?,"
                + " updated_at = ? WHERE id = ?")) {
      update.setString(1, status.column());
      update.setInt(2, attempts);
      update.setString(3, lastError);
      update.setTimestamp(4, next);
      update.setTimestamp(5, now);
      update.setString(6, delivery.deliveryId());
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO hub_delivery (id, event_id, subscription_id, event_type, status, attempts,"
                + " last_error, next_attempt_at, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, delivery.deliveryId());
      insert.setString(2, delivery.eventId());
      insert.setString(3, delivery.subscriptionId());
      insert.setString(4, delivery.eventType());
      insert.setString(5, status.column());
      insert.setInt(6, attempts);
      insert.setString(7, lastError);
      insert.setTimestamp(8, next);
      insert.setTimestamp(9, now);
      insert.setTimestamp(10, now);
      insert.executeUpdate();
    }
  }
}
