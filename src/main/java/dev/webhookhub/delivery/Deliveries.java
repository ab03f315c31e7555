package dev.webhookhub.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.camel.Message;

/**
 * Names and identity of a delivery: one event for one subscription, as a message on {@code
 * hub.deliveries} whose body is the event's envelope.
 */
public final class Deliveries {

  /** Queue of deliveries waiting to be sent. */
  public static final String QUEUE = "hub.deliveries";

  public static final String HEADER_DELIVERY_ID = "HubDeliveryId";
  public static final String HEADER_SUBSCRIPTION_ID = "HubSubscriptionId";
  public static final String HEADER_ATTEMPT = "HubAttempt";

  /** Attempts made before a replay; recorded attempt numbers continue after them. */
  public static final String HEADER_ATTEMPT_BASE = "HubAttemptBase";

  /** Artemis message group: one consumer at a time per subscription, so it receives in order. */
  public static final String GROUP = "JMSXGroupID";

  private Deliveries() {}

  /**
   * The same event and subscription always give the same id, so a redelivered event, a replay or a
   * retry never looks like a new delivery to the receiver.
   */
  public static String deliveryId(String eventId, String subscriptionId) {
    return "dlv_"
        + UUID.nameUUIDFromBytes((eventId + "\n" + subscriptionId).getBytes(StandardCharsets.UTF_8))
            .toString()
            .replace("-", "");
  }

  /** Turns a message holding an envelope into the first attempt of a delivery. */
  public static void address(
      Message message, String eventId, String eventType, String subscriptionId) {
    message.removeHeaders("*");
    message.setHeader(HEADER_DELIVERY_ID, deliveryId(eventId, subscriptionId));
    message.setHeader(HEADER_SUBSCRIPTION_ID, subscriptionId);
    message.setHeader("HubEventId", eventId);
    message.setHeader("HubEventType", eventType);
    message.setHeader(HEADER_ATTEMPT, 1);
    message.setHeader(GROUP, subscriptionId);
    // A redelivered event must not fan out twice: the broker drops a second copy.
    message.setHeader("_AMQ_DUPL_ID", eventId + ":" + subscriptionId);
  }
}
