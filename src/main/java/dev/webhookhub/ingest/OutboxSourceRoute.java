package dev.webhookhub.ingest;

import dev.webhookhub.observe.OutageNotice;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code hub_outbox}. While batches come back full of work the next poll starts at once
 * (greedy); an empty poll waits the configured interval.
 */
public final class OutboxSourceRoute extends RouteBuilder {

  private final OutboxRelay relay;
  private final Duration interval;

  private static final Logger LOG = LoggerFactory.getLogger(OutboxSourceRoute.class);

  private final OutageNotice notice =
      new OutageNotice(
          LOG,
          "The outbox cannot be relayed, its rows wait",
          "The outbox is relayed again",
          Clock.systemUTC());

  public OutboxSourceRoute(OutboxRelay relay, Duration interval) {
    this.relay = relay;
    this.interval = interval;
  }

  @Override
  public void configure() {
    from("scheduler:outbox?useFixedDelay=true&greedy=true&delay=" + interval.toMillis())
        .routeId("ingest-outbox")
        .process(exchange -> exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, relayed()));
  }

  /**
   * One batch; a failure (the database or the broker is down) leaves the rows where they are for
   * the next poll, and is told once per outage rather than once per poll.
   */
  private boolean relayed() {
    try {
      boolean any = relay.relayBatch() > 0;
      notice.succeeded();
      return any;
    } catch (Exception e) {
      notice.failed(e);
      return false;
    }
  }
}
