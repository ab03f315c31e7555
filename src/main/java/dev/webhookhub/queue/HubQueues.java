package dev.webhookhub.queue;

/**
 * The broker queues the stages hand work to each other through. Their broker-side settings
 * (dead-letter and expiry addresses, redelivery) stay with the broker, in {@code
 * broker/HubAddressSettings} and {@code broker.xml}.
 */
public final class HubQueues {

  /** Every normalised event, on its way to fan-out. */
  public static final String EVENTS = "hub.events";

  /** Deliveries (one event for one subscription) waiting to be sent. */
  public static final String DELIVERIES = "hub.deliveries";

  /** Deliveries whose retries are exhausted, and messages the broker gave up on. */
  public static final String DEAD = "hub.dead";

  /** Source messages that cannot become events, with the reason in a header. */
  public static final String INGEST_INVALID = "hub.ingest.invalid";

  /** Prefix of the per-source JMS queues producers write to. */
  public static final String INGEST_PREFIX = "hub.ingest.";

  private HubQueues() {}

  /** The JMS queue a source's producers write to: {@code hub.ingest.<source>}. */
  public static String ingest(String source) {
    return INGEST_PREFIX + source;
  }

  /**
   * The Camel endpoint that puts a message on {@code queue} without waiting for a reply (an HTTP
   * exchange is InOut, and a JMS send would otherwise wait for one).
   */
  public static String send(String queue) {
    return "jms:queue:" + queue + "?exchangePattern=InOnly";
  }

  /**
   * The Camel endpoint that takes from {@code queue} only the message whose {@code header} is
   * {@code value} (hub ids only: the value is not quoted further).
   */
  public static String selecting(String queue, String header, String value) {
    return "jms:queue:" + queue + "?selector=" + header + "='" + value + "'";
  }
}
