package dev.webhookhub.coalesce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.envelope.Envelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The entities waiting for their coalescing window to end, in {@code hub_coalesce_pending}: one row
 * per entity with the envelope merged so far. Being in the database, a pending merge survives a
 * restart or a crash, and any hub instance may add to it or publish it.
 *
 * <p>An arriving event locks its entity's row ({@code FOR UPDATE}) while it merges; a publisher
 * claims due rows with {@code FOR UPDATE SKIP LOCKED}, publishes, deletes and commits. So an event
 * either joins a row before it is claimed, or waits for the claim to commit and starts a new row:
 * never lost in a row that was just published.
 */
public final class PendingEvents {

  /** Publishes one merged event; throws if it may not have reached the broker. */
  @FunctionalInterface
  public interface Publisher {
    void publish(Envelope envelope) throws Exception;
  }

  /** The entity a row is about. */
  public record Entity(String source, String organizationId, String key) {}

  private static final String FIND =
      "SELECT envelope FROM hub_coalesce_pending"
          + " WHERE source = ? AND organization_id = ? AND entity_key = ? FOR UPDATE";
  private static final String UPDATE =
      "UPDATE hub_coalesce_pending SET envelope = ?"
          + " WHERE source = ? AND organization_id = ? AND entity_key = ?";
  private static final String INSERT =
      "INSERT INTO hub_coalesce_pending"
          + " (source, organization_id, entity_key, envelope, first_at, due_at)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String CLAIM =
      "SELECT source, organization_id, entity_key, envelope FROM hub_coalesce_pending"
          + " WHERE due_at <= ? ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String DELETE =
      "DELETE FROM hub_coalesce_pending"
          + " WHERE source = ? AND organization_id = ? AND entity_key = ?";

  /**
   * Lost races worth another try: H2's "concurrent update" and lock timeout, PostgreSQL's
   * serialization failure and deadlock. A lost INSERT race is seen as 0 rows, not as an error.
   */
  private static final Set<Integer> H2_RETRY_CODES = Set.of(90131, 50200);

  private static final Set<String> PG_RETRY_STATES = Set.of("40001", "40P01");
  private static final int ATTEMPTS = 5;

  private final DataSource dataSource;
  private final ObjectMapper json;

  public PendingEvents(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /**
   * Merges {@code event} into its entity's pending row, or starts one due at {@code dueAt}. An
   * event already in the row (a redelivered source message) changes nothing.
   */
  public void add(Entity entity, Envelope event, Instant now, Instant dueAt) throws SQLException {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        if (tryAdd(entity, event, now, dueAt)) {
          return;
        }
      } catch (SQLException e) {
        if (attempt == ATTEMPTS || !isLostRace(e)) {
          throw e;
        }
      }
    }
    throw new SQLException("Could not add event " + event.eventId() + " to " + entity);
  }

  /**
   * @return false if another transaction inserted the row first; the caller tries again and merges
   */
  private boolean tryAdd(Entity entity, Envelope event, Instant now, Instant dueAt)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Envelope pending = find(connection, entity);
        boolean done;
        if (pending == null) {
          done = insert(connection, entity, event, now, dueAt);
        } else {
          if (!EventMerge.contains(pending, event.eventId())) {
            update(connection, entity, EventMerge.merge(pending, event));
          }
          done = true;
        }
        if (done) {
          connection.commit();
        } else {
          connection.rollback();
        }
        return done;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * Claims up to {@code limit} rows due at {@code now}, publishes each and deletes it, in one
   * transaction. A crash after a publish and before the commit leaves the row to be published again
   * with the same event id, which the broker's duplicate detection and fan-out then drop. If a
   * publish fails, the rows published before it are still deleted and the rest wait for the next
   * round.
   *
   * @return how many were published
   */
  public int publishDue(Instant now, int limit, Publisher publisher) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      int published = 0;
      try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
        Exception failure = null;
        for (Claimed row : claim(connection, now, limit)) {
          try {
            publisher.publish(row.envelope());
          } catch (Exception e) {
            failure = e;
            break;
          }
          bind(delete, row.entity(), 1);
          delete.addBatch();
          published++;
        }
        if (published > 0) {
          delete.executeBatch();
        }
        connection.commit();
        if (failure != null) {
          throw failure;
        }
        return published;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private record Claimed(Entity entity, Envelope envelope) {}

  private List<Claimed> claim(Connection connection, Instant now, int limit) throws SQLException {
    List<Claimed> rows = new ArrayList<>();
    try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
      claim.setTimestamp(1, Timestamp.from(now));
      claim.setInt(2, limit);
      try (ResultSet rs = claim.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Claimed(
                  new Entity(rs.getString(1), rs.getString(2), rs.getString(3)),
                  read(rs.getString(4))));
        }
      }
    }
    return rows;
  }

  private Envelope find(Connection connection, Entity entity) throws SQLException {
    try (PreparedStatement find = connection.prepareStatement(FIND)) {
      bind(find, entity, 1);
      try (ResultSet rs = find.executeQuery()) {
        return rs.next() ? read(rs.getString(1)) : null;
      }
    }
  }

  private boolean insert(
      Connection connection, Entity entity, Envelope event, Instant now, Instant dueAt)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bind(insert, entity, 1);
      insert.setString(4, write(event));
      insert.setTimestamp(5, Timestamp.from(now));
      insert.setTimestamp(6, Timestamp.from(dueAt));
      return insert.executeUpdate() == 1;
    }
  }

  private void update(Connection connection, Entity entity, Envelope merged) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
      update.setString(1, write(merged));
      bind(update, entity, 2);
      update.executeUpdate();
    }
  }

  private static void bind(PreparedStatement statement, Entity entity, int first)
      throws SQLException {
    statement.setString(first, entity.source());
    statement.setString(first + 1, entity.organizationId());
    statement.setString(first + 2, entity.key());
  }

  private static boolean isLostRace(SQLException e) {
    return H2_RETRY_CODES.contains(e.getErrorCode())
        || (e.getSQLState() != null && PG_RETRY_STATES.contains(e.getSQLState()));
  }

  private String write(Envelope envelope) {
    try {
      return json.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write envelope " + envelope.eventId(), e);
    }
  }

  private Envelope read(String text) {
    try {
      return json.readValue(text, Envelope.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read a pending envelope", e);
    }
  }
}
