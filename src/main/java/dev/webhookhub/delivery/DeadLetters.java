package dev.webhookhub.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.delivery.DeliveryLog.Identity;
import dev.webhookhub.delivery.DeliveryLog.Status;
import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.queue.HubQueues;
import java.nio.charset.StandardCharsets;
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
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reached {@code hub.dead} without the delivery worker putting it there: messages the broker
 * itself dead-lettered after its redeliveries of them failed (an event whose fan-out kept failing,
 * a delivery whose record could not be written). The worker records its own dead letters; these had
 * no record, so {@code /api/dead-letters} did not show them.
 *
 * <p>A delivery from {@code hub.deliveries} becomes a dead delivery like any other (redriven with
 * its subscription's redrive or replay). Anything else is kept in {@code hub_dead_letter} with its
 * body and the hub's headers, and a redrive sends it back to the queue it came from; for an event
 * that is a fresh fan-out.
 */
public final class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private static final String COLUMNS =
      "id, original_queue, event_id, event_type, organization_id, reason, status, created_at,"
          + " updated_at";

  private final DataSource dataSource;
  private final DeliveryLog deliveries;
  private final StageFailures failures;
  private final ProducerTemplate producer;
  private final ConsumerTemplate consumer;
  private final ObjectMapper json;

  public DeadLetters(
      DataSource dataSource,
      DeliveryLog deliveries,
      StageFailures failures,
      ProducerTemplate producer,
      ConsumerTemplate consumer,
      ObjectMapper json) {
    this.dataSource = dataSource;
    this.deliveries = deliveries;
    this.failures = failures;
    this.producer = producer;
    this.consumer = consumer;
    this.json = json;
  }

  /**
   * Records a message the broker dead-lettered and turns it into the copy that stays on {@code
   * hub.dead}: the broker's {@code _AMQ_*} properties removed (the copy must not be taken for an
   * unrecorded one again, nor for a duplicate), the reason added.
   */
  public void record(Message message) throws Exception {
    String queue = message.getHeader(HubHeaders.ORIGINAL_ADDRESS, String.class);
    String reason = reason(queue, message);
    Map<String, Object> hubHeaders = HubHeaders.hubOnly(message.getHeaders());
    String id = null;
    if (HubQueues.DELIVERIES.equals(queue) && message.getHeader(HubHeaders.DELIVERY_ID) != null) {
      Identity identity =
          new Identity(
              message.getHeader(HubHeaders.DELIVERY_ID, String.class),
              message.getHeader(HubHeaders.EVENT_ID, String.class),
              message.getHeader(HubHeaders.SUBSCRIPTION_ID, String.class),
              message.getHeader(HubHeaders.EVENT_TYPE, String.class));
      int attempt = message.getHeader(HubHeaders.ATTEMPT, 1, Integer.class);
      int base = message.getHeader(HubHeaders.ATTEMPT_BASE, 0, Integer.class);
      deliveries.decision(identity, Status.DEAD, base + attempt - 1, reason);
      LOG.warn(
          "Dead letter recorded: delivery={} subscription={} queue={} reason={}",
          identity.deliveryId(),
          identity.subscriptionId(),
          queue,
          reason);
    } else {
      id = id(queue, message);
      insert(id, queue, reason, message.getBody(String.class), hubHeaders);
      LOG.warn(
          "Dead letter recorded: id={} event={} queue={} reason={}",
          id,
          hubHeaders.get(HubHeaders.EVENT_ID),
          queue,
          reason);
    }
    message.removeHeaders("*");
    message.setHeaders(hubHeaders);
    message.setHeader(HubHeaders.ORIGINAL_QUEUE, queue);
    message.setHeader(HubHeaders.LAST_ERROR, reason);
    if (id != null) {
      message.setHeader(HubHeaders.DEAD_LETTER_ID, id);
    }
  }

  /** Dead letters that are not deliveries, newest first; {@code null} arguments do not filter. */
  public List<ObjectNode> list(String eventId, Instant since, Instant until, int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM hub_dead_letter WHERE status = 'dead'");
    List<Object> params = new ArrayList<>();
    if (eventId != null) {
      sql.append(" AND event_id = ?");
      params.add(eventId);
    }
    if (since != null) {
      sql.append(" AND created_at >= ?");
      params.add(Timestamp.from(since));
    }
    if (until != null) {
      sql.append(" AND created_at < ?");
      params.add(Timestamp.from(until));
    }
    sql.append(" ORDER BY created_at DESC, id LIMIT ?");
    params.add(limit);
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        select.setObject(i + 1, params.get(i));
      }
      return read(select);
    }
  }

  /** The newest dead letter of an event that never got as far as a delivery. */
  public Optional<ObjectNode> forEvent(String eventId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM hub_dead_letter WHERE event_id = ? ORDER BY created_at DESC LIMIT 1")) {
      select.setString(1, eventId);
      return read(select).stream().findFirst();
    }
  }

  public Optional<ObjectNode> find(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT " + COLUMNS + " FROM hub_dead_letter WHERE id = ?")) {
      select.setString(1, id);
      return read(select).stream().findFirst();
    }
  }

  /**
   * Sends a dead letter back to the queue it came from, with its headers and a fresh duplicate id
   * (the broker remembers the first one), and takes its copy off {@code hub.dead}.
   *
   * @return false if it was redriven already
   */
  public boolean redrive(String id) throws Exception {
    String queue;
    String body;
    String headers;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT original_queue, body, headers FROM hub_dead_letter"
                  + " WHERE id = ? AND status = 'dead' FOR UPDATE")) {
        select.setString(1, id);
        try (ResultSet rs = select.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return false;
          }
          queue = rs.getString(1);
          body = rs.getString(2);
          headers = rs.getString(3);
        }
      }
      Map<String, Object> resent = json.readValue(headers, new TypeReference<>() {});
      // One request is one decision to send it back; the broker remembers the first id.
      resent.put(HubHeaders.DUPLICATE_ID, id + ":redrive:" + UUID.randomUUID());
      producer.send(
          HubQueues.send(queue),
          exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(resent);
          });
      try (PreparedStatement update =
          c.prepareStatement(
              "UPDATE hub_dead_letter SET status = 'redriven', updated_at = ? WHERE id = ?")) {
        update.setTimestamp(1, Timestamp.from(Instant.now()));
        update.setString(2, id);
        update.executeUpdate();
      }
      c.commit();
    }
    consumer.receive(HubQueues.selecting(HubQueues.DEAD, HubHeaders.DEAD_LETTER_ID, id), 200);
    return true;
  }

  private String reason(String queue, Message message) {
    String stage =
        switch (queue == null ? "" : queue) {
          case HubQueues.EVENTS -> "fan-out";
          case HubQueues.DELIVERIES -> "delivery";
          default -> "the consumer of " + queue;
        };
    String error = failures.take(StageFailures.key(queue, message.getHeaders()));
    return stage
        + " failed on every delivery the broker made of it from "
        + queue
        + (error == null ? " (the error is in the log of the hub that took it)" : ": " + error);
  }

  /** The same broker message always gives the same id, so recording it twice is one row. */
  private static String id(String queue, Message message) {
    Object original = message.getHeader(HubHeaders.ORIGINAL_MESSAGE_ID);
    String seed =
        queue
            + "\n"
            + (original != null
                ? original
                : message.getHeader(HubHeaders.MESSAGE_ID, String.class));
    return "dle_"
        + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }

  private void insert(
      String id, String queue, String reason, String body, Map<String, Object> headers)
      throws Exception {
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO hub_dead_letter (id, original_queue, event_id, event_type,"
                    + " organization_id, reason, body, headers, status, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'dead', ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, id);
      insert.setString(2, queue);
      insert.setString(3, text(headers.get(HubHeaders.EVENT_ID)));
      insert.setString(4, text(headers.get(HubHeaders.EVENT_TYPE)));
      insert.setString(5, text(headers.get(HubHeaders.ORGANIZATION_ID)));
      insert.setString(6, reason);
      insert.setString(7, body == null ? "" : body);
      insert.setString(8, json.writeValueAsString(headers));
      insert.setTimestamp(9, now);
      insert.setTimestamp(10, now);
      insert.executeUpdate();
    }
  }

  private List<ObjectNode> read(PreparedStatement select) throws SQLException {
    List<ObjectNode> found = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        ObjectNode node = json.createObjectNode();
        node.put("id", rs.getString("id"));
        node.put("kind", "message");
        node.put("queue", rs.getString("original_queue"));
        node.put("eventId", rs.getString("event_id"));
        node.put("eventType", rs.getString("event_type"));
        node.put("organizationId", rs.getString("organization_id"));
        node.putNull("subscriptionId");
        node.put("status", rs.getString("status"));
        node.put("lastError", rs.getString("reason"));
        node.put("createdAt", rs.getTimestamp("created_at").toInstant().toString());
        node.put("updatedAt", rs.getTimestamp("updated_at").toInstant().toString());
        found.add(node);
      }
    }
    return found;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
