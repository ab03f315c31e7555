package dev.webhookhub.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.queue.EventMessages;
import dev.webhookhub.queue.EventMessages.EventHeaders;
import dev.webhookhub.subscription.Subscription;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own events, source {@code hub}, in the shared envelope: an operator subscribes to them
 * like to any other (for example a Slack connector on {@code hub.*}), as Svix's operational
 * webhooks allow. They belong to one configured operations organization, so one subscription sees
 * them all; the affected organization and location are in {@code data}.
 *
 * <p>Published straight to {@code hub.events}. Called on a JMS consumer thread, the send joins that
 * consumer's transaction (same connection factory, same thread), so the event is published exactly
 * when the change it reports is committed.
 */
public final class OperationalEvents {

  private static final Logger LOG = LoggerFactory.getLogger(OperationalEvents.class);

  public static final String SOURCE = "hub";

  private final ProducerTemplate producer;
  private final ObjectMapper json;
  private final String organizationId;

  public OperationalEvents(ProducerTemplate producer, ObjectMapper json, String organizationId) {
    this.producer = producer;
    this.json = json;
    this.organizationId = organizationId;
  }

  /** Logged here, once for every way a subscription gets disabled (by the hub or an operator). */
  public void subscriptionDisabled(Subscription subscription, String reason) {
    LOG.warn(
        "Subscription disabled: subscription={} target={} reason={}",
        subscription.id(),
        target(subscription.url()),
        reason);
    ObjectNode data = about(subscription);
    data.put("reason", reason);
    publish("hub.subscription.disabled", data);
  }

  public void deliveryDead(
      Subscription subscription,
      String deliveryId,
      String eventId,
      String eventType,
      int attempts,
      String lastError) {
    ObjectNode data = about(subscription);
    data.put("deliveryId", deliveryId);
    data.put("eventId", eventId);
    data.put("eventType", eventType);
    data.put("attempts", attempts);
    data.put("lastError", lastError);
    publish("hub.delivery.dead", data);
  }

  /**
   * Dead letters are piling up. {@code eventId} is derived from the period checked, so hubs
   * checking the same period publish one event between them (the broker drops the copies).
   */
  public void deadLettersGrowing(String eventId, ObjectNode data) {
    publish("hub.dead_letters.growing", data, eventId);
  }

  public ObjectNode newData() {
    return json.createObjectNode();
  }

  /**
   * Whether a delivery's failure may be reported: not when it carried a hub event itself, or a
   * failing operations endpoint would report on its own failures without end.
   */
  public static boolean reportable(String eventType) {
    return eventType == null || !eventType.startsWith(SOURCE + ".");
  }

  private ObjectNode about(Subscription subscription) {
    ObjectNode data = json.createObjectNode();
    data.put("subscriptionId", subscription.id());
    data.put("organizationId", subscription.organizationId());
    data.put("locationId", subscription.locationId());
    // Only where it points: the full URL of a Slack or Zapier subscription carries its token,
    // and operational events go to other people's channels.
    data.put("target", target(subscription.url()));
    return data;
  }

  /**
   * What may be shown of a target URL to people who must not hold its credentials: scheme, host and
   * port. The path and query of a Slack or Zapier URL are its token, and a user-info part is a
   * password, so neither is kept. Used for operational events and for log lines alike.
   *
   * @return e.g. {@code https://hooks.slack.com}, or null for a URL that cannot be read
   */
  public static String target(String url) {
    try {
      java.net.URI uri = java.net.URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return null;
      }
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private void publish(String eventType, ObjectNode data) {
    publish(eventType, data, UUID.randomUUID().toString());
  }

  private void publish(String eventType, ObjectNode data, String eventId) {
    Envelope event =
        new Envelope(
            eventId,
            eventType,
            Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
            organizationId,
            null,
            Envelope.API_VERSION,
            SOURCE,
            data);
    String body;
    try {
      body = json.writeValueAsString(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    EventMessages.publish(
        producer, new EventHeaders(event.eventId(), eventType, SOURCE, organizationId, null), body);
  }
}
