package dev.webhookhub.ingest;

import dev.webhookhub.db.GroupCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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

  /** The most records one remembering transaction takes. */
  private static final int MAX_BATCH = 500;

  /** One published event to remember. */
  private record Seen(String eventId, String source, String ingestRef, Instant at) {}

  private final DataSource dataSource;
  private final GroupCommit<Seen> remembering;
  private final AtomicLong duplicatesDropped = new AtomicLong();

  public EventDeduplicator(DataSource dataSource) {
    this.dataSource = dataSource;
    this.remembering =
        new GroupCommit<>(
            dataSource, "EventDeduplicator remember", MAX_BATCH, EventDeduplicator::insert);
  }

  @Override
  protected void doStart() throws Exception {
    remembering.start();
  }

  @Override
  protected void doStop() throws Exception {
    remembering.stop();
  }

  /**
   * @param ingestRef what carried this copy, or {@code null} if nothing identifies a retry of it
   * @return {@code true} if the event must be published; {@code false} if it is a duplicate, which
   *     is then counted
   */
  public boolean isFirstArrival(String eventId, String ingestRef) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      String seenRef;
      try (PreparedStatement find = connection.prepareStatement(FIND)) {
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
