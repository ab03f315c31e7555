package dev.webhookhub.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Writes that many threads make at once, committed together: each caller hands its rows over and
 * waits until the transaction that holds them has committed, so a caller still knows its write is
 * durable when it returns, but one commit serves everyone who was waiting. A commit is the costly
 * part of a small write: H2 serialises every changed page on each one ({@code WRITE_DELAY=0}), and
 * PostgreSQL waits for its log to reach the disk.
 *
 * <p>One thread writes. A batch is whatever was waiting when the previous one finished, up to a
 * limit, so a lone caller waits for its own commit only, and under load the batches grow by
 * themselves. A batch that fails fails every caller in it, with the database's error.
 *
 * @param <T> one caller's rows
 */
public final class GroupCommit<T> extends ServiceSupport {

  /** Writes one batch in the given transaction; the caller commits. */
  @FunctionalInterface
  public interface BatchWriter<T> {
    void write(Connection connection, List<T> batch) throws SQLException;
  }

  private record Pending<T>(T rows, CompletableFuture<Void> committed) {}

  /** How long the writer waits for work before it checks whether it should stop. */
  private static final long IDLE_WAIT_MILLIS = 500;

  private final DataSource dataSource;
  private final String name;
  private final int maxBatch;
  private final BatchWriter<T> writer;
  private final Duration maxWait;
  private final BlockingQueue<Pending<T>> waiting = new LinkedBlockingQueue<>();
  private volatile Thread thread;
  private volatile boolean running;

  public GroupCommit(DataSource dataSource, String name, int maxBatch, BatchWriter<T> writer) {
    this(dataSource, name, maxBatch, writer, null);
  }

  /**
   * @param maxWait the longest a caller waits for its commit before it is told it failed (the
   *     commit may still happen later), or null to wait for it whatever it takes
   */
  public GroupCommit(
      DataSource dataSource, String name, int maxBatch, BatchWriter<T> writer, Duration maxWait) {
    this.dataSource = dataSource;
    this.name = name;
    this.maxBatch = maxBatch;
    this.writer = writer;
    this.maxWait = maxWait;
  }

  /**
   * Writes {@code rows} and returns once they are committed.
   *
   * @throws SQLException the batch's failure, or that the writer is stopped
   */
  public void write(T rows) throws SQLException {
    if (!running) {
      throw new SQLException(name + " is not running");
    }
    Pending<T> pending = new Pending<>(rows, new CompletableFuture<>());
    waiting.add(pending);
    try {
      if (maxWait == null) {
        pending.committed().get();
      } else {
        pending.committed().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (TimeoutException e) {
      throw new SQLTransientConnectionException(
          name + " did not commit within " + maxWait.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for " + name, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException failure) {
        throw failure;
      }
      throw new SQLException(name + " failed", e.getCause());
    }
  }

  /** Writes handed over and not yet taken into a transaction. */
  public int waiting() {
    return waiting.size();
  }

  @Override
  protected void doStart() {
    running = true;
    Thread writerThread = new Thread(this::writeBatches, name);
    writerThread.setDaemon(true);
    thread = writerThread;
    writerThread.start();
  }

  /** Commits what is waiting, then stops; a write that arrives later is refused. */
  @Override
  protected void doStop() throws InterruptedException {
    running = false;
    Thread writerThread = thread;
    if (writerThread != null) {
      writerThread.join(TimeUnit.SECONDS.toMillis(30));
    }
    // Anything that slipped in after the writer's last look is refused rather than left waiting.
    for (Pending<T> pending; (pending = waiting.poll()) != null; ) {
      pending.committed().completeExceptionally(new SQLException(name + " is stopped"));
    }
  }

  private void writeBatches() {
    List<Pending<T>> batch = new ArrayList<>();
    while (running || !waiting.isEmpty()) {
      try {
        Pending<T> first = waiting.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        waiting.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Pending<T>> batch) {
    List<T> rows = new ArrayList<>(batch.size());
    batch.forEach(pending -> rows.add(pending.rows()));
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        writer.write(connection, rows);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      batch.forEach(pending -> pending.committed().complete(null));
    } catch (Throwable e) {
      // Whatever went wrong, nobody is left waiting for a commit that will not come.
      batch.forEach(pending -> pending.committed().completeExceptionally(e));
    }
  }
}
