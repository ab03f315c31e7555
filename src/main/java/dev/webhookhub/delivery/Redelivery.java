package dev.webhookhub.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.delivery.DeliveryLog.Identity;
import dev.webhookhub.delivery.DeliveryLog.Status;
import dev.webhookhub.queue.DeliveryMessages;
import dev.webhookhub.queue.DeliveryMessages.DeliveryHeaders;
import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.queue.HubQueues;
import dev.webhookhub.subscription.Subscription;
import dev.webhookhub.subscription.SubscriptionMatcher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;

/**
 * Puts deliveries back on {@code hub.deliveries}: one (replay), a subscription's dead letters
 * (redrive), its failures and skips since a time (recover), or stored events for subscriptions that
 * never had them (event replay). The event id and delivery id stay the same, so receivers dedupe;
 * the retry schedule starts over and attempt numbers continue.
 */
public final class Redelivery {

  private record Stored(Identity identity, int attempts, String envelope) {}

  private final DataSource dataSource;
  private final ProducerTemplate producer;
  private final ConsumerTemplate consumer;
  private final DeliveryLog log;
  private final SubscriptionMatcher subscriptions;
  private final ObjectMapper json;

  public Redelivery(
      DataSource dataSource,
      ProducerTemplate producer,
      ConsumerTemplate consumer,
      DeliveryLog log,
      SubscriptionMatcher subscriptions,
      ObjectMapper json) {
    this.dataSource = dataSource;
    this.producer = producer;
    this.consumer = consumer;
    this.log = log;
    this.subscriptions = subscriptions;
    this.json = json;
  }

  /**
   * @return false if the delivery does not exist or its event is past retention
   */
  public boolean replay(String deliveryId) throws SQLException {
    List<Stored> found = stored("d.id = ?", deliveryId);
    if (found.isEmpty()) {
      return false;
    }
    enqueue(found.get(0));
    return true;
  }

  /** Every delivery of the subscription in one of {@code statuses}, since {@code since}. */
  public int resend(String subscriptionId, List<String> statuses, Instant since)
      throws SQLException {
    StringBuilder where = new StringBuilder("d.subscription_id = ? AND d.status IN (");
    List<Object> params = new ArrayList<>(List.of(subscriptionId));
    for (int i = 0; i < statuses.size(); i++) {
      where.append(i == 0 ? "?" : ", ?");
      params.add(statuses.get(i));
    }
    where.append(")");
    if (since != null) {
      where.append(" AND d.created_at >= ?");
      params.add(Timestamp.from(since));
    }
    List<Stored> found = stored(where.toString(), params.toArray());
    for (Stored delivery : found) {
      enqueue(delivery);
    }
    return found.size();
  }

  /**
   * Runs the stored events received in {@code [from, to)} through the current subscriptions and
   * queues a delivery for each match that never had one.
   *
   * @param subscriptionId only this subscription, or {@code null} for all
   */
  public int replayEvents(Instant from, Instant to, String subscriptionId) throws Exception {
    int queued = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT event_id, event_type, envelope FROM hub_fanout WHERE recorded_at >= ?"
                    + " AND recorded_at < ? AND envelope IS NOT NULL ORDER BY recorded_at, event_id")) {
      select.setTimestamp(1, Timestamp.from(from));
      select.setTimestamp(2, Timestamp.from(to));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          String eventId = rs.getString(1);
          String envelope = rs.getString(3);
          for (Subscription s : subscriptions.match(json.readTree(envelope))) {
            if (!s.enabled() || (subscriptionId != null && !subscriptionId.equals(s.id()))) {
              continue;
            }
            Identity identity =
                new Identity(
                    Deliveries.deliveryId(eventId, s.id()), eventId, s.id(), rs.getString(2));
            if (!exists(c, identity.deliveryId())) {
              enqueue(new Stored(identity, 0, envelope));
              queued++;
            }
          }
        }
      }
    }
    return queued;
  }

  private void enqueue(Stored delivery) throws SQLException {
    Identity id = delivery.identity();
    // A dead delivery leaves the dead-letter queue as it is put back.
    consumer.receive(
        HubQueues.selecting(HubQueues.DEAD, HubHeaders.DELIVERY_ID, id.deliveryId()), 200);
    log.decision(id, Status.PENDING, delivery.attempts(), null);
    DeliveryMessages.resend(
        producer,
        new DeliveryHeaders(id.deliveryId(), id.eventId(), id.eventType(), id.subscriptionId()),
        delivery.attempts(),
        delivery.envelope());
  }

  private List<Stored> stored(String where, Object... params) throws SQLException {
    List<Stored> found = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT d.id, d.event_id, d.subscription_id, d.event_type, d.attempts, e.envelope"
                    + " FROM hub_delivery d JOIN hub_fanout e ON e.event_id = d.event_id"
                    + " WHERE e.envelope IS NOT NULL AND "
                    + where
                    + " ORDER BY d.created_at, d.id")) {
      for (int i = 0; i < params.length; i++) {
        select.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          found.add(
              new Stored(
                  new Identity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                  rs.getInt(5),
                  rs.getString(6)));
        }
      }
    }
    return found;
  }

  private static boolean exists(Connection c, String deliveryId) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM hub_delivery WHERE id = ?")) {
      select.setString(1, deliveryId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }
}
