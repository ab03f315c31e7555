package dev.webhookhub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;

/** Reads what arrived on {@code hub.events}, as the next stage (or an operator) would. */
public final class HubEvents implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConsumerTemplate consumer;

  public HubEvents(TestHub hub) {
    this.consumer = hub.context().createConsumerTemplate();
  }

  /** The next event's envelope, waiting up to 20 s; fails if none arrives. */
  public JsonNode next() throws Exception {
    Exchange exchange = consumer.receive("jms:queue:hub.events", 20_000);
    if (exchange == null) {
      throw new AssertionError("No event arrived on hub.events within 20 s");
    }
    return JSON.readTree(exchange.getMessage().getBody(String.class));
  }

  /** The next event if one arrives within the given time, else {@code null}. */
  public JsonNode poll(long millis) throws Exception {
    Exchange exchange = consumer.receive("jms:queue:hub.events", millis);
    return exchange == null ? null : JSON.readTree(exchange.getMessage().getBody(String.class));
  }

  @Override
  public void close() throws Exception {
    consumer.stop();
  }
}
