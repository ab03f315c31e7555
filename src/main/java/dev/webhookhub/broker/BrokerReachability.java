package dev.webhookhub.broker;

import dev.webhookhub.observe.OutageNotice;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker factory every hub connection is made through, which notes whether the broker can be
 * reached and tells the operator in a few lines: one when it is lost, one a minute while it stays
 * lost, one when it is back ({@link OutageNotice}). During an outage every consumer and every send
 * tries to connect again and fails; those failures say nothing new and log at DEBUG.
 */
final class BrokerReachability implements ConnectionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerReachability.class);

  private final ConnectionFactory broker;
  private final OutageNotice notice;

  /**
   * @param name what the log lines call the broker (never with credentials)
   */
  BrokerReachability(ConnectionFactory broker, String name, Clock clock) {
    this.broker = broker;
    this.notice =
        new OutageNotice(
            LOG,
            "Broker "
                + name
                + " cannot be reached: HTTP ingest answers 503 and the hub's consumers retry"
                + " until it is back",
            "Broker " + name + " reached again",
            clock);
  }

  /** Whether the last try to connect failed. */
  boolean lost() {
    return notice.failing();
  }

  @Override
  public Connection createConnection() throws JMSException {
    return reached(broker::createConnection);
  }

  @Override
  public Connection createConnection(String user, String password) throws JMSException {
    return reached(() -> broker.createConnection(user, password));
  }

  private interface Connecting {
    Connection connect() throws JMSException;
  }

  private Connection reached(Connecting connecting) throws JMSException {
    Connection connection;
    try {
      connection = connecting.connect();
    } catch (JMSException | RuntimeException e) {
      notice.failed(e);
      throw e;
    }
    notice.succeeded();
    return connection;
  }

  @Override
  public JMSContext createContext() {
    return broker.createContext();
  }

  @Override
  public JMSContext createContext(String user, String password) {
    return broker.createContext(user, password);
  }

  @Override
  public JMSContext createContext(String user, String password, int sessionMode) {
    return broker.createContext(user, password, sessionMode);
  }

  @Override
  public JMSContext createContext(int sessionMode) {
    return broker.createContext(sessionMode);
  }
}
