package dev.webhookhub.ingest;

import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.queue.HubQueues;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * One transacted consumer per source queue {@code hub.ingest.<source>}, all from one template. The
 * consumed message and the event it becomes are committed together (the send to {@code hub.events}
 * joins the consumer's local transaction), so a crash at any point redelivers the source message
 * and loses nothing. One consumer per queue: the broker makes ingest queues exclusive, so a second
 * one would only stand by.
 */
public final class JmsSourceRoutes extends RouteBuilder {

  /**
   * Route template name, also used from YAML to add a queue source: parameters {@code source} and
   * {@code normaliser}. Creating a route from it makes the source known to the hub.
   */
  public static final String TEMPLATE = "hub-jms-source";

  private final KnownSources sources;

  public JmsSourceRoutes(KnownSources sources) {
    this.sources = sources;
  }

  @Override
  public void configure() {
    routeTemplate(TEMPLATE)
        .templateParameter("source")
        .templateParameter("normaliser")
        .configure(
            template -> {
              TemplateParameters parameters = new TemplateParameters(template);
              sources.declare(parameters.required("source"), parameters.required("normaliser"));
            })
        .from(
            "jms:queue:"
                + HubQueues.ingest("{{source}}")
                + "?transacted=true&lazyCreateTransactionManager=false"
                + "&cacheLevelName=CACHE_CONSUMER")
        .routeConfigurationId(IngestErrorHandling.JMS)
        .setProperty(Ingest.SOURCE, constant("{{source}}"))
        .process(JmsSourceRoutes::readTransport)
        .to(Ingest.NORMALISE);

    // The configured sources, known already; the template is how each gets its consumer.
    for (String source : sources.names()) {
      templatedRoute(TEMPLATE)
          .routeId("ingest-jms-" + source)
          .parameter("source", source)
          .parameter("normaliser", sources.normaliserOf(source));
    }
  }

  /**
   * Text and bytes messages both arrive (STOMP with content-length sends bytes); bytes must be
   * UTF-8.
   */
  private static void readTransport(Exchange exchange) {
    Message message = exchange.getMessage();
    exchange.setProperty(Ingest.INGEST_REF, message.getHeader(HubHeaders.MESSAGE_ID, String.class));
    exchange.setProperty(
        Ingest.ORGANIZATION_HINT, message.getHeader(HubHeaders.ORGANIZATION_ID, String.class));
    exchange.setProperty(
        Ingest.LOCATION_HINT, message.getHeader(HubHeaders.LOCATION_ID, String.class));
    Long sentAt = message.getHeader("JMSTimestamp", Long.class);
    exchange.setProperty(
        Ingest.RECEIVED_AT,
        sentAt != null && sentAt > 0 ? Instant.ofEpochMilli(sentAt) : Instant.now());
    message.setBody(
        message.getBody() instanceof byte[] bytes
            ? Utf8Body.decode(bytes)
            : message.getBody(String.class));
  }
}
