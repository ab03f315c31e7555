package dev.webhookhub.broker;

import jakarta.jms.ConnectionFactory;
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

  public BrokerConnections(String url, String user, String password) {
    artemis = new ActiveMQConnectionFactory(url, user, password);
    // Keep trying through broker restarts instead of failing the routes.
    artemis.setReconnectAttempts(-1);
    artemis.setRetryInterval(500);
    artemis.setRetryIntervalMultiplier(2.0);
    artemis.setMaxRetryInterval(10_000);
    // Without it every send asks the broker whether the address exists, a blocking round trip
    // that took a large share of each hop (measured with ThroughputBenchmark). The hub's addresses
    // are auto-created and never deleted, so the answer never changes.
    artemis.setCacheDestinations(true);
    pool.setConnectionFactory(artemis);
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
    return artemis;
  }

  @Override
  protected void doStop() {
    pool.stop();
  }
}
