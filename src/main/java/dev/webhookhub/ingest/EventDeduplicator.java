package dev.webhookhub.ingest;

import dev.webhookhub.db.GroupCommit;
import dev.webhookhub.db.HubDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Drops an event whose id was already published, whichever source it came through, using the
 * database so that it holds across restarts and hub instances.
 *
 * <p>The order is check, publish, then remember. Remembering first would lose an event if the hub
 * died between the insert and the publish: the source's retry would look like a duplicate. So a
 * crash can at worst leave an event published but not remembered; the retry is then published again
 * and the broker's duplicate detection ({@code _AMQ_DUPL_ID} = eventId) drops it. The remembered
 * ingest ref covers the other window: a transacted JMS message (or an outbox row) that is
 * redelivered after its event was remembered but before its transaction committed carries the same
 * ref, and is published again rather than dropped.
 *
 * <p>Remembering is a group commit ({@link GroupCommit}): concurrent ingest requests share one
 * transaction, and each still returns only once its own record is durable.
 */
public final class EventDeduplicator extends ServiceSupport {

  private static final String FIND = "SELECT ingest_ref FROM hub_event_seen WHERE event_id = ?";
  private static final String COUNT =
      "UPDATE hub_event_seen SET duplicates = duplicates + 1 WHERE event_id = ?";
  private static final String REMEMBER =
      "INSERT INTO hub_event_seen (event_id, source, ingest_ref, first_seen_at)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

  /**
   * An ingest request waits this long for the database at most, and is then answered 503 (issue
   * 12): a source retries, where a request that hangs looks lost. Remembering is bounded the same
   * way. A late commit is harmless: the event was published first, so the retry is a duplicate.
   */
  private static final int QUERY_TIMEOUT_SECONDS = 1;

  private static final int MAX_LOOKUPS = 64;

  /** The most records one remembering transaction takes. */
  private static final int MAX_BATCH = 500;

  /** One published event to remember. */
  private record Seen(String eventId, String source, String ingestRef, Instant at) {}

  private final DataSource dataSource;

  /**
   * Threads for look-ups, at most {@value #MAX_LOOKUPS}: during an outage each holds one waiting
   * statement; beyond that a request is refused at once.
   */
  private final ThreadPoolExecutor lookups =
      new ThreadPoolExecutor(
          0,
          MAX_LOOKUPS,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          task -> {
            Thread thread = new Thread(task, "EventDeduplicator look-up");
            thread.setDaemon(true);
            return thread;
          });

  private final GroupCommit<Seen> remembering;
  private final AtomicLong duplicatesDropped = new AtomicLong();

  public EventDeduplicator(DataSource dataSource) {
    this.dataSource = dataSource;
    this.remembering =
        new GroupCommit<>(
            dataSource,
            "EventDeduplicator remember",
            MAX_BATCH,
            EventDeduplicator::insert,
            HubDatabase.CONNECTION_TIMEOUT);
  }

  @Override
  protected void doStart() throws Exception {
    remembering.start();
  }

  @Override
  protected void doStop() throws Exception {
    lookups.shutdownNow();
    remembering.stop();
  }

  /**
   * @param ingestRef what carried this copy, or {@code null} if nothing identifies a retry of it
   * @return {@code true} if the event must be published; {@code false} if it is a duplicate, which
   *     is then counted
   */
  public boolean isFirstArrival(String eventId, String ingestRef) throws SQLException {
    // Time-boxed on a thread of its own: a statement can wait for a database that is gone
    // longer than any timeout it is given (H2 waits out another session's exclusive mode).
    Future<Boolean> answer;
    try {
      answer = lookups.submit(() -> lookUp(eventId, ingestRef));
    } catch (RejectedExecutionException e) {
      throw new SQLTransientConnectionException("every event id look-up waits for the database");
    }
    try {
      return answer.get(HubDatabase.CONNECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new SQLTransientConnectionException(
          "the database did not answer within "
              + HubDatabase.CONNECTION_TIMEOUT.toMillis()
              + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while looking up event " + eventId, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException failure) {
        throw failure;
      }
      throw new SQLException("event id look-up failed", e.getCause());
    }
  }

  private boolean lookUp(String eventId, String ingestRef) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      String seenRef;
      try (PreparedStatement find = connection.prepareStatement(FIND)) {
        find.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        find.setString(1, eventId);
        try (ResultSet row = find.executeQuery()) {
          if (!row.next()) {
            return true;
          }
          seenRef = row.getString(1);
        }
      }
      if (ingestRef != null && Objects.equals(ingestRef, seenRef)) {
        return true;
      }
      try (PreparedStatement count = connection.prepareStatement(COUNT)) {
        count.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        count.setString(1, eventId);
        count.executeUpdate();
      }
      duplicatesDropped.incrementAndGet();
      return false;
    }
  }

  /** Records a published event; a concurrent record of the same id is left as it is. */
  public void remember(String eventId, String source, String ingestRef) throws SQLException {
    remembering.write(new Seen(eventId, source, ingestRef, Instant.now()));
  }

  /**
   * One batch in id order: two hubs remembering the same events at once then wait for each other in
   * one order and cannot deadlock.
   */
  private static void insert(Connection connection, List<Seen> batch) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(REMEMBER)) {
      insert.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      for (Seen seen : batch.stream().sorted(Comparator.comparing(Seen::eventId)).toList()) {
        insert.setString(1, seen.eventId());
        insert.setString(2, seen.source());
        insert.setString(3, seen.ingestRef());
        insert.setTimestamp(4, Timestamp.from(seen.at()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Duplicates dropped by this hub instance since it started. */
  public long duplicatesDropped() {
    return duplicatesDropped.get();
  }
}
