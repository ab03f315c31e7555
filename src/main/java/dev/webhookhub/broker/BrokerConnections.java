package dev.webhookhub.broker;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The one JMS connection factory the hub's routes share. It is pooled because camel-jms sends
 * through Spring's JmsTemplate, which otherwise opens a connection, session and producer per
 * message. Consumers and producers must share this very instance: a transacted consumer's session
 * is only reused by a send in the same route when both use the same factory, which is what makes
 * consume-and-forward one local transaction.
 */
public final class BrokerConnections extends ServiceSupport {

  private final JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
  private final ActiveMQConnectionFactory artemis;
  private final BrokerReachability reachability;

  public BrokerConnections(String url, String user, String password) {
    artemis = new ActiveMQConnectionFactory(url, user, password);
    // A lost broker is an error its users see at once, never a wait. With reconnection on
    // (reconnectAttempts=-1, as before) every blocking call waited through the whole outage,
    // HTTP ingest included, and a transacted session came back from failover with its
    // transaction silently rolled back. Each user reconnects on its own instead: the pool makes a
    // new connection for the next send, and the consumers open new sessions with a backoff.
    // A URL that names an option keeps it: an HA pair needs the client's failover (see
    // docs/operations.md, "Towards an Artemis cluster").
    unlessNamed(url, "reconnectAttempts", () -> artemis.setReconnectAttempts(0));
    // One try, and a short pause before it is given up: a connection is made under the pool's
    // lock, so every send behind it waits as long as the try takes.
    unlessNamed(url, "initialConnectAttempts", () -> artemis.setInitialConnectAttempts(1));
    unlessNamed(url, "retryInterval", () -> artemis.setRetryInterval(100));
    // Without it every send asks the broker whether the address exists, a blocking round trip
    // that took a large share of each hop (measured with ThroughputBenchmark). The hub's addresses
    // are auto-created and never deleted, so the answer never changes.
    artemis.setCacheDestinations(true);
    reachability = new BrokerReachability(artemis, withoutQuery(url), Clock.systemUTC());
    pool.setConnectionFactory(reachability);
    pool.setMaxConnections(4);
    pool.setMaxSessionsPerConnection(500);
    pool.setUseAnonymousProducers(true);
  }

  public ConnectionFactory connectionFactory() {
    return pool;
  }

  /**
   * The broker's own factory, unpooled, with the same reconnection settings: for a consumer that
   * keeps its session for its whole life and acknowledges message by message (the delivery engine).
   */
  public ConnectionFactory unpooledConnectionFactory() {
    return reachability;
  }

  private static void unlessNamed(String url, String option, Runnable setDefault) {
    if (!url.contains(option + "=")) {
      setDefault.run();
    }
  }

  /** The URL as the log may show it: options (which may hold a password) left out. */
  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  protected void doStop() {
    pool.stop();
  }
}
