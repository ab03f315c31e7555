package dev.webhookhub.ingest;

import dev.webhookhub.coalesce.Coalescer;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.observe.HubMetrics;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The one route every source feeds: raw message in, envelope out on {@code hub.events}, unless the
 * event id was already published. An event of a source that coalesces is held in the database
 * instead, to leave merged with its entity's other changes when the window ends. Failures are not
 * handled here; each source route decides what a bad message means on its transport (a problem
 * response, the invalid queue, a row error).
 */
public final class NormaliseRoute extends RouteBuilder {

  private final KnownSources sources;
  private final EventDeduplicator deduplicator;
  private final Coalescer coalescer;
  private final HubMetrics metrics;

  public NormaliseRoute(
      KnownSources sources,
      EventDeduplicator deduplicator,
      Coalescer coalescer,
      HubMetrics metrics) {
    this.sources = sources;
    this.deduplicator = deduplicator;
    this.coalescer = coalescer;
    this.metrics = metrics;
  }

  @Override
  public void configure() {
    from(Ingest.NORMALISE)
        .routeId("normalise")
        .errorHandler(noErrorHandler())
        .process(this::normalise)
        .filter(this::isFirstArrival)
        .filter(this::isPublishedNow)
        .to(Ingest.PUBLISH)
        .end()
        .process(this::remember)
        .end();
  }

  private void normalise(Exchange exchange) throws Exception {
    String source = exchange.getProperty(Ingest.SOURCE, String.class);
    Envelope envelope;
    try {
      envelope =
          sources.normalise(
              source,
              exchange.getMessage().getBody(String.class),
              exchange.getProperty(Ingest.ORGANIZATION_HINT, String.class),
              exchange.getProperty(Ingest.LOCATION_HINT, String.class),
              exchange.getProperty(Ingest.RECEIVED_AT, Instant.now(), Instant.class));
    } catch (InvalidEventException e) {
      // Every transport reports it its own way; counted here, where all of them pass.
      metrics.invalidInput(source);
      throw e;
    }
    exchange.setProperty(Ingest.EVENT_ID, envelope.eventId());
    exchange.getMessage().setBody(envelope);
  }

  private boolean isFirstArrival(Exchange exchange) {
    try {
      boolean first =
          deduplicator.isFirstArrival(
              exchange.getProperty(Ingest.EVENT_ID, String.class),
              exchange.getProperty(Ingest.INGEST_REF, String.class));
      exchange.setProperty(Ingest.DUPLICATE, !first);
      if (!first) {
        metrics.duplicate(exchange.getProperty(Ingest.SOURCE, String.class));
      }
      return first;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot check event id against the database", e);
    }
  }

  /**
   * Holding, like publishing, comes before remembering: a crash in between makes the source's retry
   * look new, and adding an event to the merge it is already in changes nothing.
   */
  private boolean isPublishedNow(Exchange exchange) {
    try {
      boolean held = coalescer.hold(exchange.getMessage().getBody(Envelope.class));
      exchange.setProperty(Ingest.COALESCED, held);
      return !held;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot hold the event for coalescing", e);
    }
  }

  private void remember(Exchange exchange) throws Exception {
    deduplicator.remember(
        exchange.getProperty(Ingest.EVENT_ID, String.class),
        exchange.getProperty(Ingest.SOURCE, String.class),
        exchange.getProperty(Ingest.INGEST_REF, String.class));
  }
}
