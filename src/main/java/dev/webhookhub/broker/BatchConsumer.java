package dev.webhookhub.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a queue in local JMS transactions of several messages each: whatever the consumer has
 * already received, up to a limit, is handled and committed together. A transaction commit waits
 * for the broker's journal to reach the disk, a few milliseconds; one commit per message made that
 * wait, not the work, the limit of a consumer (about 200 messages/s). A batch is only what is there
 * already, so a quiet queue still gets one message per transaction and no added wait.
 *
 * <p>A batch is all or nothing, as one message was: the handler sends in the consuming session, and
 * its sends and the batch's acknowledgement commit together. When a batch fails, the broker gives
 * its messages back and the consumer takes them again one per transaction, so that one message that
 * cannot be handled is retried and finally dead-lettered by the broker alone, while its neighbours
 * pass. Each consumer handles its messages in the order it received them, which keeps the broker's
 * message groups in order.
 */
public final class BatchConsumer extends ServiceSupport {

  /** Handles one batch; what it sends through {@code session} commits with the batch. */
  @FunctionalInterface
  public interface Handler {
    void handle(Session session, List<Message> batch) throws Exception;

    /**
     * Called after a batch failed and was rolled back: if {@code failure} says a part the handler
     * needs is down (the database), waits until it is back and answers true, and the batch is taken
     * again as it was. Such a failure is not the messages' fault, and must not count against them:
     * each rollback is a delivery the broker counts towards dead-lettering.
     */
    default boolean awaitedRecovery(Exception failure) throws InterruptedException {
      return false;
    }
  }

  /** Told about a message that failed on its own, before the broker takes it back. */
  @FunctionalInterface
  public interface FailureListener {
    void failed(Message message, Exception failure);
  }

  private static final Logger LOG = LoggerFactory.getLogger(BatchConsumer.class);

  /** How long a receive waits before the consumer checks whether it should stop. */
  private static final long RECEIVE_WAIT_MILLIS = 500;

  /** The pause before a consumer that lost its session opens a new one. */
  private static final long RECONNECT_PAUSE_MILLIS = 1_000;

  private final ConnectionFactory factory;
  private final String queue;
  private final int consumers;
  private final int maxBatch;
  private final Handler handler;
  private final FailureListener failures;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  /**
   * @param consumers concurrent consumers, each with its own session
   * @param maxBatch the most messages one transaction takes
   */
  public BatchConsumer(
      ConnectionFactory factory,
      String queue,
      int consumers,
      int maxBatch,
      Handler handler,
      FailureListener failures) {
    this.factory = factory;
    this.queue = queue;
    this.consumers = consumers;
    this.maxBatch = maxBatch;
    this.handler = handler;
    this.failures = failures;
  }

  @Override
  protected void doStart() {
    running = true;
    for (int i = 1; i <= consumers; i++) {
      Thread thread = new Thread(this::consume, "BatchConsumer[" + queue + "] #" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Lets every consumer finish (commit or roll back) the batch in hand, then closes it. */
  @Override
  protected void doStop() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    threads.clear();
  }

  private void consume() {
    // Whether the session in use was opened after the last loss: only the first loss of a
    // streak is worth a WARN, the failed tries to reconnect during an outage are not (the
    // broker's reachability is reported once, by the connection factory).
    boolean connected = true;
    while (running) {
      try (Connection connection = factory.createConnection()) {
        connection.start();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
          connected = true;
          consumeBatches(session, consumer);
        } finally {
          closeQuietly(session);
        }
      } catch (Exception e) {
        if (running) {
          if (connected) {
            LOG.warn("Consumer of {} lost its session, opening a new one: {}", queue, e.toString());
          } else {
            LOG.debug("Consumer of {} cannot open a session yet: {}", queue, e.toString());
          }
          connected = false;
          pause();
        }
      }
    }
  }

  private static void closeQuietly(Session session) {
    try {
      session.close();
    } catch (JMSException e) {
      // Lost with its connection; the broker takes its messages back.
    }
  }

  private void consumeBatches(Session session, MessageConsumer consumer) throws JMSException {
    // Messages still to take one per transaction, after a batch failed.
    int isolating = 0;
    while (running) {
      Message first = consumer.receive(RECEIVE_WAIT_MILLIS);
      if (first == null) {
        continue;
      }
      List<Message> batch = new ArrayList<>();
      batch.add(first);
      int limit = isolating > 0 ? 1 : maxBatch;
      for (Message next; batch.size() < limit && (next = consumer.receiveNoWait()) != null; ) {
        batch.add(next);
      }
      try {
        handler.handle(session, batch);
        session.commit();
        isolating = Math.max(0, isolating - 1);
      } catch (Exception e) {
        // A rollback that fails leaves the session unusable: a new one gets the messages again.
        session.rollback();
        if (awaitedRecovery(e)) {
          continue;
        }
        if (batch.size() == 1) {
          failures.failed(first, e);
          LOG.warn("Message on {} failed, rolled back for the broker to redeliver", queue, e);
          isolating = Math.max(isolating, 1);
        } else {
          LOG.warn(
              "A batch of {} messages on {} failed ({}); taking them again one at a time",
              batch.size(),
              queue,
              e.toString());
          isolating = batch.size();
        }
      }
    }
  }

  private boolean awaitedRecovery(Exception failure) {
    try {
      return handler.awaitedRecovery(failure);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return true;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RECONNECT_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
