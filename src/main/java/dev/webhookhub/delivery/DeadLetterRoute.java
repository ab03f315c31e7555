package dev.webhookhub.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.queue.HubQueues;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Takes every message the broker itself moved to {@code hub.dead} (it carries {@code
 * _AMQ_ORIG_ADDRESS}; the worker's own dead letters do not), records it ({@link DeadLetters}) and
 * puts the recorded copy back on {@code hub.dead}, in one JMS transaction.
 */
public final class DeadLetterRoute extends RouteBuilder {

  private final DeadLetters deadLetters;

  private DeadLetterRoute(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  /** Wires dead-letter recording into the hub: the failure notes, the store and this route. */
  public static DeadLetters install(
      CamelContext context,
      StageFailures failures,
      DataSource dataSource,
      DeliveryLog deliveries,
      ObjectMapper json)
      throws Exception {
    context.getManagementStrategy().addEventNotifier(failures);
    DeadLetters deadLetters =
        new DeadLetters(
            dataSource,
            deliveries,
            failures,
            context.createProducerTemplate(),
            context.createConsumerTemplate(),
            json);
    context.addRoutes(new DeadLetterRoute(deadLetters));
    return deadLetters;
  }

  @Override
  public void configure() {
    from("jms:queue:"
            + HubQueues.DEAD
            + "?selector=RAW("
            + HubHeaders.ORIGINAL_ADDRESS
            + " IS NOT NULL)"
            + "&transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER")
        .routeId("dead-letter-intake")
        .process(exchange -> deadLetters.record(exchange.getMessage()))
        .to(HubQueues.send(HubQueues.DEAD));
  }
}
