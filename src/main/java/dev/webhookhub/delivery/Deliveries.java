package dev.webhookhub.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Identity of a delivery: one event for one subscription. */
public final class Deliveries {

  private static final String TEST_PREFIX = "dlv_test_";

  private Deliveries() {}

  /**
   * The same event and subscription always give the same id, so a redelivered event, a replay or a
   * retry never looks like a new delivery to the receiver.
   */
  public static String deliveryId(String eventId, String subscriptionId) {
    return "dlv_" + digest(eventId, subscriptionId);
  }

  /**
   * The id of a delivery of a subscription's test event. A test event is sent but never stored, so
   * its deliveries cannot be replayed; the id says so, to the operator who tries and to receivers.
   */
  public static String testDeliveryId(String eventId, String subscriptionId) {
    return TEST_PREFIX + digest(eventId, subscriptionId);
  }

  public static boolean isTest(String deliveryId) {
    return deliveryId.startsWith(TEST_PREFIX);
  }

  private static String digest(String eventId, String subscriptionId) {
    return UUID.nameUUIDFromBytes(
            (eventId + "\n" + subscriptionId).getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }
}
