package dev.webhookhub.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.queue.EventMessages;
import dev.webhookhub.queue.EventMessages.EventHeaders;
import dev.webhookhub.queue.HubQueues;
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
        .to(HubQueues.send(HubQueues.EVENTS));
  }

  private void address(Exchange exchange) throws Exception {
    Message message = exchange.getMessage();
    Envelope envelope = message.getMandatoryBody(Envelope.class);
    EventMessages.address(
        message,
        new EventHeaders(
            envelope.eventId(),
            envelope.eventType(),
            envelope.source(),
            envelope.organizationId(),
            envelope.locationId()),
        json.writeValueAsString(envelope));
  }
}
