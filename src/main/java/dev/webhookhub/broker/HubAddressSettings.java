package dev.webhookhub.broker;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;

/**
 * Broker behaviour the hub's queues depend on, declared once.
 *
 * <ul>
 *   <li>Every {@code hub.*} address is ANYCAST and auto-created with its queue. Without this an
 *       AMQP or MQTT sender to a not-yet-existing {@code hub.ingest.<source>} makes Artemis create
 *       a MULTICAST address with no queue, and the message is accepted and silently lost.
 *   <li>An ingest message whose transaction keeps rolling back (a database outage, a bug) waits
 *       with growing delays, and after {@link #INGEST_MAX_DELIVERIES} tries is parked on {@code
 *       hub.ingest.invalid} instead of being lost or blocking the queue.
 *   <li>Ingest queues are exclusive: one active consumer, whichever hub it belongs to, so that a
 *       source's events reach {@code hub.events} in the order the source sent them.
 * </ul>
 */
public final class HubAddressSettings {

  /** Ingest deliveries before a message that never commits is parked on the invalid queue. */
  public static final int INGEST_MAX_DELIVERIES = 20;

  private HubAddressSettings() {}

  public static void apply(Configuration config) {
    config.addAddressSetting(
        "hub.#",
        EmbeddedBroker.anycast()
            .setDeadLetterAddress(SimpleString.of("hub.dead"))
            .setExpiryAddress(SimpleString.of("hub.expired")));
    config.addAddressSetting(
        "hub.ingest.#",
        EmbeddedBroker.anycast()
            .setRedeliveryDelay(500)
            .setRedeliveryMultiplier(2.0)
            .setMaxRedeliveryDelay(60_000)
            .setMaxDeliveryAttempts(INGEST_MAX_DELIVERIES)
            .setDeadLetterAddress(SimpleString.of("hub.ingest.invalid"))
            // One consumer at a time across all hub instances, so each source keeps its order
            // however many hubs run; the other consumers stand by and take over on failure.
            .setDefaultExclusiveQueue(true));
    // The parking queue itself must never dead-letter into itself.
    config.addAddressSetting(
        "hub.ingest.invalid", EmbeddedBroker.anycast().setMaxDeliveryAttempts(-1));
  }
}
