package dev.webhookhub.delivery;

import dev.webhookhub.queue.HubQueues;
import org.apache.camel.builder.RouteBuilder;

/**
 * The worker loop: take a delivery off {@code hub.deliveries}, render and sign it, POST it, record
 * the attempt, then finish, schedule the next attempt on the broker, or dead-letter it. The
 * consumed message, the re-enqueued retry and the dead letter are one JMS transaction, so a crash
 * at any point leaves the delivery on the broker to be tried again.
 */
public final class DeliveryRoute extends RouteBuilder {

  private final DeliveryWorker worker;
  private final int consumers;

  public DeliveryRoute(DeliveryWorker worker, int consumers) {
    this.worker = worker;
    this.consumers = consumers;
  }

  @Override
  public void configure() {
    from("jms:queue:"
            + HubQueues.DELIVERIES
            + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER"
            + "&concurrentConsumers="
            + consumers)
        .routeId("deliver")
        .process(worker::prepare)
        .filter(exchangeProperty(DeliveryWorker.NEXT).isEqualTo("send"))
        .doTry()
        .process(worker::render)
        .toD("${exchangeProperty." + DeliveryWorker.HTTP_ENDPOINT + "}")
        .doCatch(Exception.class)
        .end()
        .process(worker::conclude)
        .end()
        // A retry (or a delivery deferred by an open circuit) waits on the broker; a dead one is
        // parked. Either way in the transaction that consumed it.
        .choice()
        .when(exchangeProperty(DeliveryWorker.NEXT).isEqualTo("retry"))
        .to(HubQueues.send(HubQueues.DELIVERIES))
        .when(exchangeProperty(DeliveryWorker.NEXT).isEqualTo("dead"))
        .to(HubQueues.send(HubQueues.DEAD))
        .end();
  }
}
