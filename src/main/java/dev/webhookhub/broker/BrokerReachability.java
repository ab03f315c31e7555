package dev.webhookhub.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker factory every hub connection is made through, which notes whether the broker can be
 * reached and tells the operator in a few lines: one when it is lost, one a minute while it stays
 * lost, one when it is back. During an outage every consumer and every send tries to connect again
 * and fails; those failures are expected and say nothing new, so they log at DEBUG (see
 * docs/decisions.md, "Broker outages").
 */
final class BrokerReachability implements ConnectionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerReachability.class);

  /** How often an outage is reported again while it lasts. */
  static final Duration REMINDER = Duration.ofMinutes(1);

  private final ConnectionFactory broker;
  private final String name;
  private final Clock clock;
  private Instant lostAt;
  private Instant remindedAt;

  /**
   * @param name what the log lines call the broker (never with credentials)
   */
  BrokerReachability(ConnectionFactory broker, String name, Clock clock) {
    this.broker = broker;
    this.name = name;
    this.clock = clock;
  }

  /** Whether the last try to connect failed. */
  synchronized boolean lost() {
    return lostAt != null;
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
      failed(e);
      throw e;
    }
    succeeded();
    return connection;
  }

  private synchronized void failed(Exception cause) {
    Instant now = clock.instant();
    if (lostAt == null) {
      lostAt = now;
      remindedAt = now;
      LOG.warn(
          "Broker {} cannot be reached ({}): HTTP ingest answers 503 and the hub's consumers"
              + " retry until it is back",
          name,
          describe(cause));
    } else if (Duration.between(remindedAt, now).compareTo(REMINDER) >= 0) {
      remindedAt = now;
      LOG.warn(
          "Broker {} still cannot be reached, for {} s now ({})",
          name,
          Duration.between(lostAt, now).toSeconds(),
          describe(cause));
    }
  }

  private synchronized void succeeded() {
    if (lostAt != null) {
      LOG.warn(
          "Broker {} reached again after {} s",
          name,
          Duration.between(lostAt, clock.instant()).toSeconds());
      lostAt = null;
    }
  }

  private static String describe(Exception cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
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
