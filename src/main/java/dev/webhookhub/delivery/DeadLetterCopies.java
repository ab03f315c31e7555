package dev.webhookhub.delivery;

import dev.webhookhub.queue.DeliveryMessages;
import dev.webhookhub.queue.HubQueues;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Parks dead deliveries on {@code hub.dead}, where operators see them in Hawtio and a redrive takes
 * them off again. The record of the delivery is written first; the copy is for the broker's view.
 */
public final class DeadLetterCopies {

  private final ProducerTemplate producer;

  public DeadLetterCopies(ProducerTemplate producer) {
    this.producer = producer;
  }

  /** Parks the delivery with its attempts this round and why it is dead. */
  public void park(DeliveryJob delivery, int attempts, String error) throws Exception {
    Exchange sent =
        producer.send(
            HubQueues.send(HubQueues.DEAD),
            exchange ->
                DeliveryMessages.dead(
                    exchange.getMessage(),
                    delivery.headers(),
                    delivery.body(),
                    attempts,
                    error,
                    delivery.messageId()));
    if (sent.getException() != null) {
      throw sent.getException();
    }
  }
}
