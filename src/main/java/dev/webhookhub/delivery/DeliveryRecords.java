package dev.webhookhub.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads deliveries and their attempts back, as the operator API shows them. */
public final class DeliveryRecords {

  /** What to list; {@code null} fields do not filter. */
  public record Query(
      String subscriptionId,
      String eventId,
      String status,
      Instant since,
      Instant until,
      int limit) {}

  private static final String COLUMNS =
      "id, event_id, subscription_id, event_type, status, attempts, last_error, next_attempt_at,"
          + " created_at, updated_at";

  private final DataSource dataSource;
  private final ObjectMapper json;

  public DeliveryRecords(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  public List<ObjectNode> list(Query query) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hub_delivery WHERE 1=1");
    List<Object> params = new ArrayList<>();
    filter(sql, params, "subscription_id = ?", query.subscriptionId());
    filter(sql, params, "event_id = ?", query.eventId());
    filter(sql, params, "status = ?", query.status());
    filter(sql, params, "created_at >= ?", timestamp(query.since()));
    filter(sql, params, "created_at < ?", timestamp(query.until()));
    sql.append(" ORDER BY created_at DESC, id LIMIT ?");
    params.add(query.limit());
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        select.setObject(i + 1, params.get(i));
      }
      List<ObjectNode> deliveries = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          deliveries.add(delivery(rs));
        }
      }
      return deliveries;
    }
  }

  /** One delivery with every attempt, oldest first. */
  public Optional<ObjectNode> find(String deliveryId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT " + COLUMNS + " FROM hub_delivery WHERE id = ?")) {
      select.setString(1, deliveryId);
      ObjectNode delivery;
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        delivery = delivery(rs);
      }
      ArrayNode attempts = delivery.putArray("attempts");
      try (PreparedStatement select2 =
          c.prepareStatement(
              "SELECT attempt, started_at, duration_ms, status_code, error_kind, error,"
                  + " response_body FROM hub_delivery_attempt WHERE delivery_id = ?"
                  + " ORDER BY attempt, id")) {
        select2.setString(1, deliveryId);
        try (ResultSet rs = select2.executeQuery()) {
          while (rs.next()) {
            ObjectNode attempt = attempts.addObject();
            attempt.put("attempt", rs.getInt(1));
            attempt.put("startedAt", rs.getTimestamp(2).toInstant().toString());
            attempt.put("durationMs", rs.getLong(3));
            int status = rs.getInt(4);
            if (rs.wasNull()) {
              attempt.putNull("statusCode");
            } else {
              attempt.put("statusCode", status);
            }
            attempt.put("errorKind", rs.getString(5));
            attempt.put("error", rs.getString(6));
            attempt.put("responseBody", rs.getString(7));
          }
        }
      }
      return Optional.of(delivery);
    }
  }

  private ObjectNode delivery(ResultSet rs) throws SQLException {
    ObjectNode node = json.createObjectNode();
    node.put("id", rs.getString("id"));
    node.put("eventId", rs.getString("event_id"));
    node.put("subscriptionId", rs.getString("subscription_id"));
    node.put("eventType", rs.getString("event_type"));
    node.put("status", rs.getString("status"));
    node.put("attempts", rs.getInt("attempts"));
    node.put("lastError", rs.getString("last_error"));
    Timestamp next = rs.getTimestamp("next_attempt_at");
    node.put("nextAttemptAt", next == null ? null : next.toInstant().toString());
    node.put("createdAt", rs.getTimestamp("created_at").toInstant().toString());
    node.put("updatedAt", rs.getTimestamp("updated_at").toInstant().toString());
    return node;
  }

  private static void filter(
      StringBuilder sql, List<Object> params, String condition, Object value) {
    if (value != null) {
      sql.append(" AND ").append(condition);
      params.add(value);
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
