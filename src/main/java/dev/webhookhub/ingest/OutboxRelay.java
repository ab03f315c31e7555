package dev.webhookhub.ingest;

import dev.webhookhub.envelope.InvalidEventException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves rows of {@code hub_outbox} into the normalisation route.
 *
 * <p>A batch is claimed with {@code FOR UPDATE NOWAIT} and held in one transaction while its rows
 * are relayed, so several hub instances can poll the same table one at a time: a hub that finds the
 * oldest rows locked by another relays nothing this poll. One relay at a time keeps the table's
 * order on {@code hub.events}; with {@code SKIP LOCKED}, which this used before, a second hub took
 * the next rows while the first was still relaying its batch, and a later row of an organization
 * overtook an earlier one (found by scripts/cluster-check.sh). Every row ends marked: relayed (with
 * its event id) or rejected (with the error). A failure of the hub itself (broker down) ends the
 * batch early and leaves that row and the rest unmarked, to be retried in order by the next poll. A
 * crash rolls the marks back; the rows are relayed again and deduplicated by their row id, which is
 * the ingest ref.
 */
public final class OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  private static final String CLAIM =
      "SELECT id, source, payload, organization_id, location_id, created_at FROM hub_outbox"
          + " WHERE processed_at IS NULL ORDER BY id LIMIT ? FOR UPDATE NOWAIT";

  /** "Could not lock" from NOWAIT: PostgreSQL's lock_not_available, H2's lock timeout. */
  private static final java.util.Set<String> LOCKED_BY_ANOTHER = java.util.Set.of("55P03", "HYT00");

  private static final String MARK =
      "UPDATE hub_outbox SET processed_at = ?, event_id = ?, error = ? WHERE id = ?";

  private record Row(
      long id,
      String source,
      String payload,
      String organizationId,
      String locationId,
      Instant createdAt) {}

  private final DataSource dataSource;
  private final ProducerTemplate producer;
  private final KnownSources sources;
  private final int batchSize;
  private final AtomicLong rowsRelayed = new AtomicLong();
  private final AtomicLong rowsRejected = new AtomicLong();

  public OutboxRelay(
      DataSource dataSource, ProducerTemplate producer, KnownSources sources, int batchSize) {
    this.dataSource = dataSource;
    this.producer = producer;
    this.sources = sources;
    this.batchSize = batchSize;
  }

  /**
   * Claims and relays one batch.
   *
   * @return how many rows this batch marked; 0 when there was nothing to do
   */
  public int relayBatch() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement mark = connection.prepareStatement(MARK)) {
        List<Row> claimed;
        try {
          claimed = claim(connection);
        } catch (SQLException e) {
          if (!LOCKED_BY_ANOTHER.contains(e.getSQLState())) {
            throw e;
          }
          // Another hub is relaying: its batch goes first, and this hub polls again later.
          connection.rollback();
          return 0;
        }
        int marked = 0;
        for (Row row : claimed) {
          if (!relay(row, mark)) {
            break;
          }
          marked++;
        }
        if (marked > 0) {
          mark.executeBatch();
        }
        connection.commit();
        return marked;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private List<Row> claim(Connection connection) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
      claim.setInt(1, batchSize);
      try (ResultSet rs = claim.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant()));
        }
      }
    }
    return rows;
  }

  /**
   * @return false if the hub itself failed and the batch must stop before this row
   */
  private boolean relay(Row row, PreparedStatement mark) throws SQLException {
    if (!sources.knows(row.source())) {
      reject(row, mark, "unknown source '" + row.source() + "'; known sources: " + sources.names());
      return true;
    }
    Exchange result =
        producer.send(
            Ingest.NORMALISE,
            exchange -> {
              exchange.setProperty(Ingest.SOURCE, row.source());
              exchange.setProperty(Ingest.INGEST_REF, "outbox:" + row.id());
              exchange.setProperty(Ingest.ORGANIZATION_HINT, row.organizationId());
              exchange.setProperty(Ingest.LOCATION_HINT, row.locationId());
              exchange.setProperty(Ingest.RECEIVED_AT, row.createdAt());
              exchange.getMessage().setBody(row.payload());
            });
    Exception failure = result.getException();
    if (failure instanceof InvalidEventException invalid) {
      reject(row, mark, invalid.getMessage());
      return true;
    }
    if (failure != null) {
      LOG.warn("Outbox row {} not relayed, will retry: {}", row.id(), failure.toString());
      return false;
    }
    addMark(mark, row.id(), result.getProperty(Ingest.EVENT_ID, String.class), null);
    rowsRelayed.incrementAndGet();
    return true;
  }

  private void reject(Row row, PreparedStatement mark, String error) throws SQLException {
    LOG.warn("Outbox row {} rejected: {}", row.id(), error);
    addMark(mark, row.id(), null, error);
    rowsRejected.incrementAndGet();
  }

  private static void addMark(PreparedStatement mark, long id, String eventId, String error)
      throws SQLException {
    mark.setTimestamp(1, Timestamp.from(Instant.now()));
    mark.setString(2, eventId);
    mark.setString(3, error);
    mark.setLong(4, id);
    mark.addBatch();
  }

  /** Rows this instance relayed since it started. */
  public long rowsRelayed() {
    return rowsRelayed.get();
  }

  /** Rows this instance rejected since it started. */
  public long rowsRejected() {
    return rowsRejected.get();
  }
}
