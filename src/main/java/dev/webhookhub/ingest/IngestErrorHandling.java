package dev.webhookhub.ingest;

import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.http.ProblemDetails;
import dev.webhookhub.http.ProblemException;
import dev.webhookhub.http.ProblemResponses;
import dev.webhookhub.observe.OutageNotice;
import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.queue.HubQueues;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a bad message means on each transport, declared once; source routes opt in by id.
 *
 * <ul>
 *   <li>{@value #JMS}: the original message goes to {@code hub.ingest.invalid} with the reason and
 *       source in headers, in the same transaction as its consumption. Other failures roll back and
 *       the broker redelivers later.
 *   <li>{@value #HTTP}: an RFC 9457 problem response. A failure of the hub itself is a 503, so that
 *       the client retries.
 * </ul>
 */
public final class IngestErrorHandling extends RouteConfigurationBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(IngestErrorHandling.class);

  public static final String JMS = "jms-ingest-errors";
  public static final String HTTP = "http-ingest-errors";

  @Override
  public void configuration() {
    routeConfiguration(JMS)
        .onException(InvalidEventException.class)
        .handled(true)
        .useOriginalMessage()
        .setHeader(HubHeaders.INVALID_REASON, exceptionMessage())
        .setHeader(HubHeaders.SOURCE, exchangeProperty(Ingest.SOURCE))
        .log(
            "Invalid ${exchangeProperty."
                + Ingest.SOURCE
                + "} message parked: ${exception.message}")
        .to(HubQueues.send(HubQueues.INGEST_INVALID));

    routeConfiguration(HTTP)
        .onException(ProblemException.class)
        .handled(true)
        .process(e -> ProblemResponses.write(e, caught(e, ProblemException.class)))
        .end()
        .onException(MalformedBodyException.class)
        .handled(true)
        .process(
            e -> ProblemResponses.write(e, problem(400, "malformed-json", "Malformed JSON", e)))
        .end()
        .onException(InvalidEventException.class)
        .handled(true)
        .process(e -> ProblemResponses.write(e, problem(422, "invalid-event", "Invalid event", e)))
        .end()
        .onException(Exception.class)
        .handled(true)
        .process(
            e -> {
              LOG.info(
                  "Ingest failed, answered 503: {}",
                  OutageNotice.describe(caught(e, Exception.class)));
              ProblemResponses.write(
                  e,
                  new ProblemDetails(
                      503,
                      "unavailable",
                      "Hub unavailable",
                      "the event was not accepted because the hub cannot reach its broker or"
                          + " database; retry later"));
              e.getMessage().setHeader("Retry-After", "5");
            });
  }

  private static <T extends Exception> T caught(Exchange exchange, Class<T> type) {
    return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, type);
  }

  private static ProblemDetails problem(int status, String kind, String title, Exchange e) {
    return new ProblemDetails(status, kind, title, caught(e, Exception.class).getMessage());
  }
}
