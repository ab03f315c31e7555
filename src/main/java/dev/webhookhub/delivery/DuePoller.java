package dev.webhookhub.delivery;

import dev.webhookhub.delivery.DueDeliveries.Claimed;
import dev.webhookhub.queue.DeliveryMessages;
import dev.webhookhub.queue.HubQueues;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves deliveries whose wait is over from {@code hub_delivery_due} back to {@code hub.deliveries}.
 * Every instance polls; rows are claimed with {@code SKIP LOCKED}, so each is moved once. A batch
 * is sent in one JMS transaction, committed before the rows are deleted: a crash in between moves
 * the rows again under the same duplicate ids, which the broker drops (see {@link #send}).
 *
 * <p>It wakes when the earliest wait it knows of is due: one this instance just recorded, or the
 * earliest in the table, read again at least every {@link #RECHECK} for rows other instances added.
 */
public final class DuePoller {

  private static final Logger LOG = LoggerFactory.getLogger(DuePoller.class);

  /** The longest a due row waits for a poll that another instance's insert did not announce. */
  static final Duration RECHECK = Duration.ofSeconds(1);

  private static final int BATCH = 500;

  private final DueDeliveries dues;
  private final ConnectionFactory broker;
  private final Thread thread;
  private final Object wake = new Object();
  private Instant nextWake = Instant.EPOCH;
  private volatile boolean running = true;

  public DuePoller(DueDeliveries dues, ConnectionFactory broker) {
    this.dues = dues;
    this.broker = broker;
    this.thread = new Thread(this::run, "hub-due-poller");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** A wait ending at {@code at} was recorded: poll no later than then. */
  public void dueAt(Instant at) {
    synchronized (wake) {
      if (at.isBefore(nextWake)) {
        nextWake = at;
        wake.notifyAll();
      }
    }
  }

  public void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(2_000);
  }

  private void run() {
    Backoff backoff = new Backoff(500, 5_000);
    boolean warned = false;
    while (running) {
      try {
        int moved = dues.moveDue(Instant.now(), BATCH, this::send);
        if (warned) {
          LOG.info("Waiting deliveries are moved again");
          warned = false;
          backoff.reset();
        }
        if (moved < BATCH) {
          sleepUntilDue();
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (!warned) {
          LOG.warn(
              "Waiting deliveries cannot be moved back to {} ({}); trying again",
              HubQueues.DELIVERIES,
              StageFailures.describe(e));
          warned = true;
        }
        try {
          backoff.pause();
        } catch (InterruptedException stopped) {
          return;
        }
      }
    }
  }

  private void sleepUntilDue() throws Exception {
    Instant recheck = Instant.now().plus(RECHECK);
    Instant earliest = dues.nextDue().filter(due -> due.isBefore(recheck)).orElse(recheck);
    synchronized (wake) {
      if (earliest.isBefore(nextWake) || !nextWake.isAfter(Instant.now())) {
        nextWake = earliest;
      }
      long millis;
      while (running && (millis = Duration.between(Instant.now(), nextWake).toMillis()) > 0) {
        wake.wait(millis);
      }
      nextWake = Instant.now().plus(RECHECK);
    }
  }

  /**
   * Puts claimed rows back on {@code hub.deliveries} in one transaction. A row that a hub moved
   * before it died, without deleting it, is a duplicate to the broker, which then refuses the whole
   * transaction, and would refuse it for ever: the rows are sent again one per transaction, and a
   * row the broker refuses as a duplicate is already on the queue, so it is done as well.
   */
  void send(List<Claimed> rows) throws Exception {
    try (Connection connection = broker.createConnection()) {
      try {
        send(connection, rows);
      } catch (JMSException e) {
        if (!duplicate(e)) {
          throw e;
        }
        int movedBefore = 0;
        for (Claimed row : rows) {
          try {
            send(connection, List.of(row));
          } catch (JMSException single) {
            if (!duplicate(single)) {
              throw single;
            }
            movedBefore++;
          }
        }
        LOG.info(
            "{} waiting deliveries were on {} already (moved by an instance that stopped before"
                + " it deleted them); deleting them",
            movedBefore,
            HubQueues.DELIVERIES);
      }
    }
  }

  private static void send(Connection connection, List<Claimed> rows) throws JMSException {
    try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
      MessageProducer producer = session.createProducer(session.createQueue(HubQueues.DELIVERIES));
      producer.setDeliveryMode(DeliveryMode.PERSISTENT);
      for (Claimed row : rows) {
        producer.send(
            DeliveryMessages.due(session, row.due().headers(), row.due().body(), row.id()));
      }
      session.commit();
    }
  }

  /** Whether the broker refused a message because its duplicate id was seen before. */
  private static boolean duplicate(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ActiveMQDuplicateIdException) {
        return true;
      }
    }
    return false;
  }
}
