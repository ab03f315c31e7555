package dev.webhookhub.delivery;

import dev.webhookhub.delivery.DueDeliveries.Due;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes delivery outcomes durable in batches: the attempts, the delivery states and the waits for a
 * later attempt of many deliveries go into one transaction, and only once it has committed are
 * their broker messages acknowledged and their follow-ups (dead letters, disabling) started. So a
 * delivery the receiver saw is never left unrecorded, even across {@code kill -9}: its message is
 * still on the broker and is sent and recorded again.
 *
 * <p>One thread writes; while it commits one batch the next one gathers, so the batch grows with
 * the load. If the database is down, the batch is written again until it succeeds, and nothing is
 * acknowledged meanwhile.
 */
public final class DeliveryRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecorder.class);

  /** Outcomes written in one transaction at most. */
  static final int MAX_BATCH = 500;

  /** What follows a recorded outcome: a dead letter's copy and operational events. */
  @FunctionalInterface
  public interface FollowUp {
    void run() throws Exception;
  }

  /**
   * One delivery's outcome.
   *
   * @param due the wait for its next attempt, or null
   * @param followUp what to do once it is recorded, or null
   * @param acknowledge acknowledges its broker message
   */
  public record Outcome(
      DeliveryLog.Entry entry, Due due, FollowUp followUp, Runnable acknowledge) {}

  private final DataSource dataSource;
  private final DeliveryLog log;
  private final DueDeliveries dues;
  private final Consumer<Instant> dueAdded;
  private final BlockingQueue<Outcome> pending = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean running = true;
  private volatile boolean writing;
  private Outcome carried;

  /**
   * @param dueAdded told the earliest due time of each batch that added waits, so the poller can
   *     wake for it
   */
  public DeliveryRecorder(
      DataSource dataSource, DeliveryLog log, DueDeliveries dues, Consumer<Instant> dueAdded) {
    this.dataSource = dataSource;
    this.log = log;
    this.dues = dues;
    this.dueAdded = dueAdded;
    this.writer = new Thread(this::run, "hub-delivery-recorder");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Whether this very attempt of the delivery was already made and recorded: a message whose
   * acknowledgement was lost with its session (a broker outage) comes back, and sending it again
   * would be a duplicate. Only messages that may have been handled before are looked up.
   */
  public boolean recorded(DeliveryJob delivery, boolean mayBeDone) throws SQLException {
    return mayBeDone
        && log.recordedAttempts(delivery.identity().deliveryId()) >= delivery.recordedAttempt();
  }

  public void submit(Outcome outcome) {
    pending.add(outcome);
  }

  /** Outcomes not yet recorded. */
  public int backlog() {
    return pending.size() + (writing ? 1 : 0);
  }

  /** Records what was submitted, then stops; waits at most {@code timeout}. */
  public void stop(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (backlog() > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    running = false;
    writer.interrupt();
    writer.join(1_000);
  }

  private void run() {
    while (running) {
      try {
        List<Outcome> batch = nextBatch();
        if (batch.isEmpty()) {
          continue;
        }
        writing = true;
        write(batch);
        for (Outcome outcome : batch) {
          followUp(outcome);
          outcome.acknowledge().run();
        }
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      } finally {
        writing = false;
      }
    }
  }

  /**
   * The next outcomes, at most {@link #MAX_BATCH}, each delivery once: a second outcome of the same
   * delivery (a redelivered message) waits for the next batch, so that updates apply in order.
   */
  private List<Outcome> nextBatch() throws InterruptedException {
    List<Outcome> batch = new ArrayList<>();
    Outcome first = carried != null ? carried : pending.poll(100, TimeUnit.MILLISECONDS);
    carried = null;
    if (first == null) {
      return batch;
    }
    batch.add(first);
    Set<String> deliveries = new HashSet<>();
    deliveries.add(first.entry().delivery().deliveryId());
    while (batch.size() < MAX_BATCH) {
      Outcome next = pending.poll();
      if (next == null) {
        break;
      }
      if (!deliveries.add(next.entry().delivery().deliveryId())) {
        carried = next;
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  /** Writes the batch in one transaction, again and again while the database refuses it. */
  private void write(List<Outcome> batch) throws InterruptedException {
    List<DeliveryLog.Entry> entries = new ArrayList<>(batch.size());
    List<Due> waits = new ArrayList<>();
    for (Outcome outcome : batch) {
      entries.add(outcome.entry());
      if (outcome.due() != null) {
        waits.add(outcome.due());
      }
    }
    Backoff backoff = new Backoff(500, 5_000);
    boolean warned = false;
    while (true) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          log.record(c, entries);
          dues.insert(c, waits);
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
        if (warned) {
          LOG.info("Delivery records are written again");
        }
        waits.stream().map(Due::dueAt).min(Instant::compareTo).ifPresent(dueAdded);
        return;
      } catch (SQLException | RuntimeException e) {
        if (!warned) {
          // One line per outage, not per try: the messages stay unacknowledged meanwhile.
          LOG.warn(
              "Delivery records cannot be written ({}); {} outcomes wait and are written again",
              StageFailures.describe(e),
              batch.size() + pending.size());
          warned = true;
        }
        if (!running) {
          throw new InterruptedException("stopped while the database refused the records");
        }
        backoff.pause();
      }
    }
  }

  private static void followUp(Outcome outcome) {
    if (outcome.followUp() == null) {
      return;
    }
    try {
      outcome.followUp().run();
    } catch (Exception e) {
      // Recorded already: the delivery is dead in the record whatever happens to its copy.
      LOG.warn(
          "Follow-up of delivery {} failed: {}",
          outcome.entry().delivery().deliveryId(),
          StageFailures.describe(e));
    }
  }
}
