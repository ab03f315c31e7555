package dev.webhookhub.queue;

import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * The one shape of an event on {@code hub.events}: the envelope as JSON, the hub's headers and
 * nothing else, deduplicated by event id and grouped by organization.
 */
public final class EventMessages {

  /** What the headers of an event say about it. */
  public record EventHeaders(
      String eventId, String eventType, String source, String organizationId, String locationId) {}

  private EventMessages() {}

  /**
   * Turns {@code message} into an event with {@code json} as its body. Transport headers of the
   * source (HTTP, JMS) are removed so they never leak into {@code hub.events} as JMS properties.
   */
  public static void address(Message message, EventHeaders event, String json) {
    message.removeHeaders("*");
    message.setHeader(HubHeaders.EVENT_ID, event.eventId());
    message.setHeader(HubHeaders.EVENT_TYPE, event.eventType());
    message.setHeader(HubHeaders.SOURCE, event.source());
    message.setHeader(HubHeaders.ORGANIZATION_ID, event.organizationId());
    if (event.locationId() != null) {
      message.setHeader(HubHeaders.LOCATION_ID, event.locationId());
    }
    // A re-publish after a crash (a redelivered source message, a coalesced event published
    // again) is dropped by the broker.
    message.setHeader(HubHeaders.DUPLICATE_ID, event.eventId());
    // One consumer at a time per organization downstream, so fan-out keeps each organization's
    // (and so each subscription's) event order while organizations proceed in parallel.
    message.setHeader(HubHeaders.GROUP, event.organizationId());
    message.setBody(json);
  }

  /** Publishes an event from outside a route (inside one, {@link #address} and send). */
  public static void publish(ProducerTemplate producer, EventHeaders event, String json) {
    producer.send(
        HubQueues.send(HubQueues.EVENTS), exchange -> address(exchange.getMessage(), event, json));
  }
}
