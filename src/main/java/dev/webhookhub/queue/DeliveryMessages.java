package dev.webhookhub.queue;

import java.time.Instant;
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
 * once per consumed delivery message, whose broker message id stays the same across redeliveries of
 * it; an operator's replay or redrive once per request. See docs/decisions.md.
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
   * Turns the consumed delivery message back into a delivery that waits on the broker until {@code
   * at}, as {@code attempt}; the route sends it in the transaction that consumed the message.
   *
   * @param headers the consumed message's hub headers ({@link HubHeaders#hubOnly})
   * @param consumedMessageId the consumed message's {@link HubHeaders#MESSAGE_ID}: the same on
   *     every redelivery of it, and never used by another message
   */
  public static void schedule(
      Message message,
      Map<String, Object> headers,
      String envelope,
      int attempt,
      Instant at,
      String consumedMessageId) {
    message.removeHeaders("*");
    message.setHeaders(new java.util.HashMap<>(headers));
    message.setHeader(HubHeaders.ATTEMPT, attempt);
    message.setHeader(HubHeaders.SCHEDULED_DELIVERY, at.toEpochMilli());
    message.setHeader(
        HubHeaders.DUPLICATE_ID,
        headers.get(HubHeaders.DELIVERY_ID)
            + ":after:"
            + (consumedMessageId != null ? consumedMessageId : UUID.randomUUID().toString()));
    message.setBody(envelope);
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
