package dev.webhookhub.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.envelope.Envelope;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The one way an envelope reaches {@code hub.events}: as JSON, with the hub's JMS properties and
 * nothing else. Fed by the normalisation route and by the coalescing poller. Called inside a
 * transacted JMS consumer, the send joins that transaction.
 */
public final class PublishRoute extends RouteBuilder {

  private final ObjectMapper json;

  public PublishRoute(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void configure() {
    from(Ingest.PUBLISH)
        .routeId("publish")
        .errorHandler(noErrorHandler())
        .process(this::address)
        // InOnly: an HTTP request is InOut, and a JMS send would otherwise wait for a reply.
        .to("jms:queue:" + Ingest.EVENTS_QUEUE + "?exchangePattern=InOnly");
  }

  private void address(Exchange exchange) throws Exception {
    Message message = exchange.getMessage();
    Envelope envelope = message.getMandatoryBody(Envelope.class);
    // Only the hub's own headers travel on: transport headers of the source (HTTP, JMS) must not
    // leak into hub.events as JMS properties.
    message.removeHeaders("*");
    message.setHeader(Ingest.HEADER_EVENT_ID, envelope.eventId());
    message.setHeader(Ingest.HEADER_EVENT_TYPE, envelope.eventType());
    message.setHeader(Ingest.HEADER_SOURCE, envelope.source());
    message.setHeader(Ingest.HEADER_ORGANIZATION_ID, envelope.organizationId());
    if (envelope.locationId() != null) {
      message.setHeader(Ingest.HEADER_LOCATION_ID, envelope.locationId());
    }
    // A coalesced event carries its latest event's id, so a re-publish after a crash is dropped
    // here by the broker like any other.
    message.setHeader(Ingest.BROKER_DUPLICATE_ID, envelope.eventId());
    // One consumer at a time per organization downstream, so fan-out keeps each organization's
    // (and so each subscription's) event order while organizations proceed in parallel.
    message.setHeader("JMSXGroupID", envelope.organizationId());
    message.setBody(json.writeValueAsString(envelope));
  }
}
