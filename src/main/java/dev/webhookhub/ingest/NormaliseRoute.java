package dev.webhookhub.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.envelope.Envelope;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The one route every source feeds: raw message in, envelope out on {@code hub.events}, unless the
 * event id was already published. Failures are not handled here; each source route decides what a
 * bad message means on its transport (a problem response, the invalid queue, a row error).
 */
public final class NormaliseRoute extends RouteBuilder {

  private final KnownSources sources;
  private final EventDeduplicator deduplicator;
  private final ObjectMapper json;

  public NormaliseRoute(KnownSources sources, EventDeduplicator deduplicator, ObjectMapper json) {
    this.sources = sources;
    this.deduplicator = deduplicator;
    this.json = json;
  }

  @Override
  public void configure() {
    from(Ingest.NORMALISE)
        .routeId("normalise")
        .errorHandler(noErrorHandler())
        .process(this::normalise)
        .filter(this::isFirstArrival)
        // InOnly: an HTTP request is InOut, and a JMS send would otherwise wait for a reply.
        .to("jms:queue:" + Ingest.EVENTS_QUEUE + "?exchangePattern=InOnly")
        .process(this::remember)
        .end();
  }

  private void normalise(Exchange exchange) throws Exception {
    Envelope envelope =
        sources.normalise(
            exchange.getProperty(Ingest.SOURCE, String.class),
            exchange.getMessage().getBody(String.class),
            exchange.getProperty(Ingest.ORGANIZATION_HINT, String.class),
            exchange.getProperty(Ingest.LOCATION_HINT, String.class),
            exchange.getProperty(Ingest.RECEIVED_AT, Instant.now(), Instant.class));
    exchange.setProperty(Ingest.EVENT_ID, envelope.eventId());
    // Only the hub's own headers travel on: transport headers of the source (HTTP, JMS) must not
    // leak into hub.events as JMS properties.
    Message message = exchange.getMessage();
    message.removeHeaders("*");
    message.setHeader(Ingest.HEADER_EVENT_ID, envelope.eventId());
    message.setHeader(Ingest.HEADER_EVENT_TYPE, envelope.eventType());
    message.setHeader(Ingest.HEADER_SOURCE, envelope.source());
    message.setHeader(Ingest.HEADER_ORGANIZATION_ID, envelope.organizationId());
    if (envelope.locationId() != null) {
      message.setHeader(Ingest.HEADER_LOCATION_ID, envelope.locationId());
    }
    message.setHeader(Ingest.BROKER_DUPLICATE_ID, envelope.eventId());
    // One consumer at a time per organization downstream, so fan-out keeps each organization's
    // (and so each subscription's) event order while organizations proceed in parallel.
    message.setHeader("JMSXGroupID", envelope.organizationId());
    message.setBody(json.writeValueAsString(envelope));
  }

  private boolean isFirstArrival(Exchange exchange) {
    try {
      boolean first =
          deduplicator.isFirstArrival(
              exchange.getProperty(Ingest.EVENT_ID, String.class),
              exchange.getProperty(Ingest.INGEST_REF, String.class));
      exchange.setProperty(Ingest.DUPLICATE, !first);
      return first;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot check event id against the database", e);
    }
  }

  private void remember(Exchange exchange) throws Exception {
    deduplicator.remember(
        exchange.getProperty(Ingest.EVENT_ID, String.class),
        exchange.getProperty(Ingest.SOURCE, String.class),
        exchange.getProperty(Ingest.INGEST_REF, String.class));
  }
}
