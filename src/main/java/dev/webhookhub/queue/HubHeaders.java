package dev.webhookhub.queue;

import java.util.Map;
import java.util.TreeMap;

/**
 * The JMS properties that travel with the hub's messages: the hub's own ({@code Hub*}) and the
 * broker's that the hub sets or reads.
 */
public final class HubHeaders {

  // On an event (hub.events) and every delivery made of it; a producer may also set the
  // organization and location of a source message that has none.
  public static final String EVENT_ID = "HubEventId";
  public static final String EVENT_TYPE = "HubEventType";
  public static final String SOURCE = "HubSource";
  public static final String ORGANIZATION_ID = "HubOrganizationId";
  public static final String LOCATION_ID = "HubLocationId";

  /** On hub.ingest.invalid: why the source message could not become an event. */
  public static final String INVALID_REASON = "HubInvalidReason";

  // On a delivery (hub.deliveries).
  public static final String DELIVERY_ID = "HubDeliveryId";
  public static final String SUBSCRIPTION_ID = "HubSubscriptionId";

  /** The attempt this message is, counted from 1 since it was (re)queued. */
  public static final String ATTEMPT = "HubAttempt";

  /** Attempts made before a replay or redrive; recorded attempt numbers continue after them. */
  public static final String ATTEMPT_BASE = "HubAttemptBase";

  /** A deferred delivery's reserved rate-limit slot (epoch millis). */
  public static final String RATE_SLOT = "HubRateSlot";

  // On a dead letter (hub.dead).
  public static final String ATTEMPTS = "HubAttempts";
  public static final String LAST_ERROR = "HubLastError";
  public static final String ORIGINAL_QUEUE = "HubOriginalQueue";

  /** The {@code hub_dead_letter} row a recorded copy on hub.dead belongs to. */
  public static final String DEAD_LETTER_ID = "HubDeadLetterId";

  /** JMS message group: one consumer at a time per group, so a group is received in order. */
  public static final String GROUP = "JMSXGroupID";

  /** The broker's id of a message, stable across redeliveries of that message. */
  public static final String MESSAGE_ID = "JMSMessageID";

  /** Artemis duplicate detection: a second send with the same id is dropped by the broker. */
  public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

  /** Artemis scheduled delivery (epoch millis): the message waits, durable, on the broker. */
  public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

  /** Artemis: the address a dead-lettered message was on before. */
  public static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

  /** Artemis: the broker's id of a dead-lettered message before it was moved. */
  public static final String ORIGINAL_MESSAGE_ID = "_AMQ_ORIG_MESSAGE_ID";

  private HubHeaders() {}

  /**
   * The hub's own properties and the message group, in a stable order: what a message keeps when it
   * is re-sent, without the transport's JMS* and the broker's _AMQ_* properties.
   */
  public static Map<String, Object> hubOnly(Map<String, Object> headers) {
    Map<String, Object> kept = new TreeMap<>();
    headers.forEach(
        (name, value) -> {
          if ((name.startsWith("Hub") || name.equals(GROUP)) && value != null) {
            kept.put(name, value);
          }
        });
    return kept;
  }
}
