package dev.webhookhub.ingest;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Polls {@code hub_outbox}. While batches come back full of work the next poll starts at once
 * (greedy); an empty poll waits the configured interval.
 */
public final class OutboxSourceRoute extends RouteBuilder {

  private final OutboxRelay relay;
  private final Duration interval;

  public OutboxSourceRoute(OutboxRelay relay, Duration interval) {
    this.relay = relay;
    this.interval = interval;
  }

  @Override
  public void configure() {
    from("scheduler:outbox?useFixedDelay=true&greedy=true&delay=" + interval.toMillis())
        .routeId("ingest-outbox")
        .process(
            exchange ->
                exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, relay.relayBatch() > 0));
  }
}
