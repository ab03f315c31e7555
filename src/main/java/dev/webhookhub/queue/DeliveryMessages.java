package dev.webhookhub.queue;

import java.util.Map;
import java.util.UUID;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * The one shape of a delivery on {@code hub.deliveries} (one event for one subscription, the
 * event's envelope as body) and the only places its broker duplicate id is chosen.
 *
 * <p>The duplicate id protects against one enqueue being done twice: the same message sent again
 * after a crash or a redelivery of what caused it. So it names the decision to enqueue, never the
 * attempt number (attempt numbers restart on every redrive and replay, and the broker remembers ids
 * far longer than that): a fan-out is decided once per event and subscription; a retry or deferral
 * once per row it waited in ({@code hub_delivery_due}); an operator's replay or redrive once per
 * request. See docs/decisions.md.
 */
public final class DeliveryMessages {

  /** Who a delivery is for: the headers every message of the delivery carries. */
  public record DeliveryHeaders(
      String deliveryId, String eventId, String eventType, String subscriptionId) {}

  private DeliveryMessages() {}

  /**
   * The first attempt of a delivery, fanned out from its event: a redelivered event must not fan
   * out twice, so the broker drops a second copy.
   */
  public static void fanOut(Message message, DeliveryHeaders delivery, String envelope) {
    address(message, delivery, 1);
    message.setHeader(
        HubHeaders.DUPLICATE_ID, delivery.eventId() + ":" + delivery.subscriptionId());
    message.setBody(envelope);
  }

  /** Enqueues the first attempt of a new delivery from outside a route (a test event). */
  public static void enqueue(ProducerTemplate producer, DeliveryHeaders delivery, String envelope) {
    producer.send(
        HubQueues.send(HubQueues.DELIVERIES),
        exchange -> fanOut(exchange.getMessage(), delivery, envelope));
  }

  /**
   * Enqueues a delivery again on an operator's request (replay, redrive, recover, event replay):
   * its first attempt now, numbered after the {@code attemptsBefore} already recorded.
   */
  public static void resend(
      ProducerTemplate producer, DeliveryHeaders delivery, int attemptsBefore, String envelope) {
    producer.send(
        HubQueues.send(HubQueues.DELIVERIES),
        exchange -> {
          Message message = exchange.getMessage();
          address(message, delivery, 1);
          message.setHeader(HubHeaders.ATTEMPT_BASE, attemptsBefore);
          // One request is one decision; a fresh id, as no earlier send can be this one.
          message.setHeader(
              HubHeaders.DUPLICATE_ID, delivery.deliveryId() + ":resend:" + UUID.randomUUID());
          message.setBody(envelope);
        });
  }

  /**
   * A delivery that waited in the database ({@code hub_delivery_due}), back on {@code
   * hub.deliveries} as a JMS message of {@code session}. Its duplicate id names the row, so a move
   * repeated after a crash is dropped, and no other enqueue can collide with it.
   *
   * @param headers the hub headers it waited with ({@link HubHeaders#hubOnly})
   */
  public static jakarta.jms.Message due(
      jakarta.jms.Session session, Map<String, Object> headers, String envelope, long dueRowId)
      throws jakarta.jms.JMSException {
    jakarta.jms.TextMessage message = session.createTextMessage(envelope);
    for (Map.Entry<String, Object> header : headers.entrySet()) {
      message.setObjectProperty(header.getKey(), header.getValue());
    }
    message.setStringProperty(
        HubHeaders.DUPLICATE_ID,
        dueId(String.valueOf(headers.get(HubHeaders.DELIVERY_ID)), dueRowId));
    return message;
  }

  /**
   * A delivery parked on {@code hub.dead} after its last attempt: the hub headers it had, how many
   * attempts this round made and the last error. Named by the consumed message, so a crash before
   * that message was acknowledged does not park it twice.
   */
  public static void dead(
      Message message,
      Map<String, Object> headers,
      String envelope,
      int attempts,
      String lastError,
      String consumedMessageId) {
    message.removeHeaders("*");
    message.setHeaders(new java.util.HashMap<>(headers));
    message.removeHeader(HubHeaders.RATE_SLOT);
    message.setHeader(HubHeaders.ATTEMPTS, attempts);
    message.setHeader(HubHeaders.LAST_ERROR, lastError);
    message.setHeader(
        HubHeaders.DUPLICATE_ID,
        headers.get(HubHeaders.DELIVERY_ID)
            + ":dead:"
            + (consumedMessageId != null ? consumedMessageId : UUID.randomUUID().toString()));
    message.setBody(envelope);
  }

  /** The duplicate id of a delivery moved back from its row in {@code hub_delivery_due}. */
  static String dueId(String deliveryId, long dueRowId) {
    return deliveryId + ":due:" + dueRowId;
  }

  /**
   * The hub headers of a delivery message as the engine consumed it ({@link HubHeaders#hubOnly}).
   */
  public static Map<String, Object> headers(jakarta.jms.Message message)
      throws jakarta.jms.JMSException {
    Map<String, Object> all = new java.util.HashMap<>();
    for (java.util.Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
      String name = (String) names.nextElement();
      all.put(name, message.getObjectProperty(name));
    }
    return HubHeaders.hubOnly(all);
  }

  private static void address(Message message, DeliveryHeaders delivery, int attempt) {
    message.removeHeaders("*");
    message.setHeader(HubHeaders.DELIVERY_ID, delivery.deliveryId());
    message.setHeader(HubHeaders.SUBSCRIPTION_ID, delivery.subscriptionId());
    message.setHeader(HubHeaders.EVENT_ID, delivery.eventId());
    message.setHeader(HubHeaders.EVENT_TYPE, delivery.eventType());
    message.setHeader(HubHeaders.ATTEMPT, attempt);
    // One consumer at a time per subscription, so it receives in order.
    message.setHeader(HubHeaders.GROUP, delivery.subscriptionId());
  }
}
