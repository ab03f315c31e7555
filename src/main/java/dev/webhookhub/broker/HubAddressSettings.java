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
 *   <li>Whatever else the broker gives up on goes to {@code hub.dead}, where the hub records it
 *       ({@code DeadLetterRoute}); {@code hub.dead} itself never gives up.
 *   <li>Ingest queues are exclusive: one active consumer, whichever hub it belongs to, so that a
 *       source's events reach {@code hub.events} in the order the source sent them.
 * </ul>
 */
public final class HubAddressSettings {

  /** Ingest deliveries before a message that never commits is parked on the invalid queue. */
  public static final int INGEST_MAX_DELIVERIES = 20;

  /** How long a dead letter whose recording failed waits before it is recorded again. */
  public static final long DEAD_RECORDING_RETRY_MILLIS = 5_000;

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
    // Nor hub.dead, whose consumer records what the broker dead-lettered: a recording that fails
    // (the database is down) is retried every few seconds until it succeeds. Message groups are
    // off there: a dead letter keeps its group, and a group pinned to the recording consumer (which
    // selects only unrecorded messages) would hide the group's other dead letters from a redrive.
    config.addAddressSetting(
        "hub.dead",
        EmbeddedBroker.anycast()
            .setDeadLetterAddress(SimpleString.of("hub.dead"))
            .setExpiryAddress(SimpleString.of("hub.expired"))
            .setMaxDeliveryAttempts(-1)
            .setRedeliveryDelay(DEAD_RECORDING_RETRY_MILLIS)
            .setDefaultGroupBuckets(0));
  }
}
