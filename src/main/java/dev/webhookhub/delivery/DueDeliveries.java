package dev.webhookhub.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Deliveries waiting for a later attempt, in {@code hub_delivery_due}: retries, and deliveries
 * deferred by an open circuit or a rate limit. Written in the same transaction as the attempt that
 * decided the wait, so a retry is never lost and never sent twice because an enqueue failed; moved
 * back to {@code hub.deliveries} when due by {@link DuePoller}, on any instance.
 */
public final class DueDeliveries {

  /** One waiting delivery: the message it becomes again when due. */
  public record Due(
      String deliveryId,
      String subscriptionId,
      Instant dueAt,
      Map<String, Object> headers,
      String body) {}

  /** A claimed row: its id names the move, so that a repeated move is dropped by the broker. */
  public record Claimed(long id, Due due) {}

  /** Puts claimed rows back on the broker; throws if any of them may not have got there. */
  @FunctionalInterface
  public interface Mover {
    void move(List<Claimed> rows) throws Exception;
  }

  private static final String INSERT =
      "INSERT INTO hub_delivery_due"
          + " (delivery_id, subscription_id, due_at, headers, body, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String CLAIM =
      "SELECT id, delivery_id, subscription_id, due_at, headers, body FROM hub_delivery_due"
          + " WHERE due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final TypeReference<TreeMap<String, Object>> HEADERS = new TypeReference<>() {};

  private final DataSource dataSource;
  private final ObjectMapper json;

  public DueDeliveries(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /** Adds rows in the caller's transaction. */
  public void insert(Connection connection, List<Due> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (Due due : rows) {
        insert.setString(1, due.deliveryId());
        insert.setString(2, due.subscriptionId());
        insert.setTimestamp(3, Timestamp.from(due.dueAt()));
        insert.setString(4, write(due.headers()));
        insert.setString(5, due.body());
        insert.setTimestamp(6, now);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Claims up to {@code limit} rows due at {@code now}, hands them to {@code mover} and deletes
   * them, in one transaction. Rows another instance is moving are skipped, not waited for. A crash
   * after the move and before the commit moves the same rows again, under the same duplicate ids.
   *
   * @return how many rows were moved
   */
  public int moveDue(Instant now, int limit, Mover mover) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        List<Claimed> rows = claim(connection, now, limit);
        if (!rows.isEmpty()) {
          mover.move(rows);
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM hub_delivery_due WHERE id = ?")) {
            for (Claimed row : rows) {
              delete.setLong(1, row.id());
              delete.addBatch();
            }
            delete.executeBatch();
          }
        }
        connection.commit();
        return rows.size();
      } catch (Exception e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** When the earliest waiting delivery is due, if any waits. */
  public Optional<Instant> nextDue() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement("SELECT MIN(due_at) FROM hub_delivery_due");
        ResultSet rs = select.executeQuery()) {
      rs.next();
      Timestamp next = rs.getTimestamp(1);
      return next == null ? Optional.empty() : Optional.of(next.toInstant());
    }
  }

  /** How many deliveries wait. */
  public long count() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM hub_delivery_due");
        ResultSet rs = select.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<Claimed> claim(Connection connection, Instant now, int limit)
      throws SQLException, JsonProcessingException {
    List<Claimed> rows = new ArrayList<>();
    try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
      claim.setTimestamp(1, Timestamp.from(now));
      claim.setInt(2, limit);
      try (ResultSet rs = claim.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Claimed(
                  rs.getLong(1),
                  new Due(
                      rs.getString(2),
                      rs.getString(3),
                      rs.getTimestamp(4).toInstant(),
                      json.readValue(rs.getString(5), HEADERS),
                      rs.getString(6))));
        }
      }
    }
    return rows;
  }

  private String write(Map<String, Object> headers) {
    try {
      return json.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("delivery headers cannot be written as JSON", e);
    }
  }
}
