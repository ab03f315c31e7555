package dev.webhookhub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.queue.DeliveryMessages;
import dev.webhookhub.queue.DeliveryMessages.DeliveryHeaders;
import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.queue.HubQueues;
import dev.webhookhub.subscription.Subscription;
import dev.webhookhub.subscription.SubscriptionMatcher;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code hub.events} → one message per matching subscription on {@code hub.deliveries}, all sent in
 * the consumed event's JMS transaction: the fan-out happens whole or not at all.
 *
 * <p>Events of one organization arrive in order (they are grouped by organization on {@code
 * hub.events}), so each subscription's deliveries are queued in event order even with several
 * consumers here.
 */
public final class FanOutRoute extends RouteBuilder {

  private static final String MATCHES = "hubMatches";
  private static final String ENVELOPE = "hubEnvelope";
  private static final String ENVELOPE_TEXT = "hubEnvelopeText";
  private static final String REF = "hubFanOutRef";
  private static final String DUPLICATE = "hubDuplicateEvent";
  private static final String SKIPPED = "hubSkippedDisabled";

  private final SubscriptionMatcher matcher;
  private final FanOutRecorder recorder;
  private final DeliveryLog deliveries;
  private final ObjectMapper json;
  private final int consumers;

  public FanOutRoute(
      SubscriptionMatcher matcher,
      FanOutRecorder recorder,
      DeliveryLog deliveries,
      ObjectMapper json,
      int consumers) {
    this.matcher = matcher;
    this.recorder = recorder;
    this.deliveries = deliveries;
    this.json = json;
    this.consumers = consumers;
  }

  @Override
  public void configure() {
    from("jms:queue:"
            + HubQueues.EVENTS
            + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER"
            + "&concurrentConsumers="
            + consumers)
        .routeId("fan-out")
        .process(this::match)
        .split(exchangeProperty(MATCHES))
        .process(this::address)
        .to(HubQueues.send(HubQueues.DELIVERIES))
        .end()
        .process(this::record);
  }

  /**
   * A second copy of an event that was already fanned out is skipped here rather than left to the
   * broker's duplicate detection: a duplicate send fails the whole transaction, and the event would
   * be redelivered until it was dead-lettered.
   */
  private void match(Exchange exchange) throws Exception {
    String text = exchange.getMessage().getBody(String.class);
    JsonNode envelope = json.readTree(text);
    String ref = exchange.getMessage().getHeader(HubHeaders.MESSAGE_ID, String.class);
    exchange.setProperty(REF, ref);
    exchange.setProperty(ENVELOPE, envelope);
    exchange.setProperty(ENVELOPE_TEXT, text);
    if (!recorder.isFirstFanOut(envelope.path("eventId").asText(), ref)) {
      exchange.setProperty(MATCHES, List.of());
      exchange.setProperty(DUPLICATE, true);
      return;
    }
    List<Subscription> matches = matcher.match(envelope);
    exchange.setProperty(
        MATCHES, matches.stream().filter(Subscription::enabled).map(Subscription::id).toList());
    exchange.setProperty(SKIPPED, matches.stream().filter(s -> !s.enabled()).toList());
  }

  private void address(Exchange exchange) {
    JsonNode envelope = exchange.getProperty(ENVELOPE, JsonNode.class);
    String subscriptionId = exchange.getMessage().getBody(String.class);
    String eventId = envelope.path("eventId").asText();
    DeliveryMessages.fanOut(
        exchange.getMessage(),
        new DeliveryHeaders(
            Deliveries.deliveryId(eventId, subscriptionId),
            eventId,
            envelope.path("eventType").asText(),
            subscriptionId),
        exchange.getProperty(ENVELOPE_TEXT, String.class));
  }

  private void record(Exchange exchange) throws Exception {
    if (exchange.getProperty(DUPLICATE, false, Boolean.class)) {
      return;
    }
    JsonNode envelope = exchange.getProperty(ENVELOPE, JsonNode.class);
    JsonNode location = envelope.path("locationId");
    String eventId = envelope.path("eventId").asText();
    String eventType = envelope.path("eventType").asText();
    recorder.record(
        new FanOutRecorder.Event(
            eventId,
            eventType,
            envelope.path("organizationId").asText(),
            location.isNull() || location.isMissingNode() ? null : location.asText(),
            envelope.path("source").asText(null),
            exchange.getProperty(ENVELOPE_TEXT, String.class)),
        exchange.getProperty(MATCHES, List.class).size(),
        exchange.getProperty(REF, String.class));
    for (Object skipped : exchange.getProperty(SKIPPED, List.class)) {
      Subscription subscription = (Subscription) skipped;
      deliveries.decision(
          new DeliveryLog.Identity(
              Deliveries.deliveryId(eventId, subscription.id()),
              eventId,
              subscription.id(),
              eventType),
          DeliveryLog.Status.SKIPPED_DISABLED,
          0,
          "subscription disabled: " + subscription.disabledReason());
    }
  }
}
