package dev.webhookhub.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Identity of a delivery: one event for one subscription. */
public final class Deliveries {

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
}
