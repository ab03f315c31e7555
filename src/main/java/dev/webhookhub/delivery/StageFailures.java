package dev.webhookhub.delivery;

import dev.webhookhub.queue.HubHeaders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The last error of each message that a JMS consumer of this hub failed on, so that when the broker
 * gives up on the message and dead-letters it, its record can say why. The broker keeps no error,
 * and a rolled-back message cannot be changed. Kept in memory, for the newest {@value #KEPT}
 * messages: a message dead-lettered after a restart, or on another instance, gets a record without
 * the error (which is still in that hub's log).
 */
public final class StageFailures extends EventNotifierSupport {

  private static final int KEPT = 1000;

  private final Map<String, String> lastErrors =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > KEPT;
            }
          });

  public StageFailures() {
    setIgnoreCamelContextEvents(true);
    setIgnoreRouteEvents(true);
    setIgnoreServiceEvents(true);
    setIgnoreStepEvents(true);
  }

  /**
   * Which message a failure is about: its delivery id, else its event id, else the JMS message id,
   * on the queue it came from. The same for the failing copy and its dead-lettered one.
   */
  static String key(String queue, Map<String, Object> headers) {
    Object id = headers.get(HubHeaders.DELIVERY_ID);
    if (id == null) {
      id = headers.get(HubHeaders.EVENT_ID);
    }
    if (id == null) {
      id = headers.get(HubHeaders.MESSAGE_ID);
    }
    return id == null ? null : queue + ":" + id;
  }

  /** The error noted for {@code key}, removed; null if none. */
  String take(String key) {
    return key == null ? null : lastErrors.remove(key);
  }

  @Override
  public boolean isEnabled(CamelEvent event) {
    return event instanceof ExchangeFailedEvent;
  }

  @Override
  public void notify(CamelEvent event) {
    Exchange exchange = ((ExchangeFailedEvent) event).getExchange();
    if (!(exchange.getFromEndpoint() instanceof JmsEndpoint jms)
        || exchange.getException() == null) {
      return;
    }
    note(jms.getDestinationName(), exchange.getIn().getHeaders(), exchange.getException());
  }

  /**
   * Notes the failure of a message taken from {@code queue} outside a route (a {@link
   * dev.webhookhub.broker.BatchConsumer}).
   */
  public void note(String queue, Map<String, Object> headers, Throwable failure) {
    String key = key(queue, headers);
    if (key != null) {
      lastErrors.put(key, describe(failure));
    }
  }

  /** The root cause's type and message: what an operator needs, without a stack trace. */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
