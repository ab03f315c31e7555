package dev.webhookhub.delivery;

import dev.webhookhub.delivery.DeliveryLog.Identity;
import dev.webhookhub.queue.HubHeaders;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One message taken off {@code hub.deliveries}: one attempt (or deferral) of one delivery.
 *
 * @param attempt the attempt this message is, counted from 1 since it was (re)queued
 * @param base attempts recorded before a replay or redrive; recorded numbers continue after them
 * @param rateSlot the rate-limit slot a deferred delivery holds, or null
 * @param headers the message's hub headers, which it keeps when it waits for a later attempt
 * @param messageId the broker's id of the message, the same on a redelivery of it
 */
public record DeliveryJob(
    Identity identity,
    int attempt,
    int base,
    Instant rateSlot,
    String body,
    Map<String, Object> headers,
    String messageId) {

  /** Reads a job from the hub headers of a delivery message. */
  public static DeliveryJob of(Map<String, Object> headers, String body, String messageId) {
    Object slot = headers.get(HubHeaders.RATE_SLOT);
    return new DeliveryJob(
        new Identity(
            text(headers, HubHeaders.DELIVERY_ID),
            text(headers, HubHeaders.EVENT_ID),
            text(headers, HubHeaders.SUBSCRIPTION_ID),
            text(headers, HubHeaders.EVENT_TYPE)),
        number(headers, HubHeaders.ATTEMPT, 1),
        number(headers, HubHeaders.ATTEMPT_BASE, 0),
        slot == null ? null : Instant.ofEpochMilli(Long.parseLong(slot.toString())),
        body,
        Map.copyOf(headers),
        messageId);
  }

  /** The attempt's number as recorded: counted over every round of the delivery. */
  public int recordedAttempt() {
    return base + attempt;
  }

  /**
   * The headers this delivery waits with for its attempt {@code next}.
   *
   * @param rateSlot the rate-limit slot it keeps, or null to take a fresh one when it comes back
   */
  public Map<String, Object> headersFor(int next, Instant rateSlot) {
    Map<String, Object> kept = new HashMap<>(headers);
    kept.put(HubHeaders.ATTEMPT, next);
    kept.remove(HubHeaders.RATE_SLOT);
    if (rateSlot != null) {
      kept.put(HubHeaders.RATE_SLOT, rateSlot.toEpochMilli());
    }
    return kept;
  }

  private static String text(Map<String, Object> headers, String name) {
    Object value = headers.get(name);
    return value == null ? null : value.toString();
  }

  private static int number(Map<String, Object> headers, String name, int otherwise) {
    Object value = headers.get(name);
    return value == null ? otherwise : Integer.parseInt(value.toString());
  }
}
