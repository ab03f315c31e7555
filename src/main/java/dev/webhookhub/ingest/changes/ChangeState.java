package dev.webhookhub.ingest.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * What a poller keeps in the hub's database (V6): its cursor, the keys of the live rows it has
 * emitted, and the rows it rejected. A deleted row's key is forgotten: the poller treats a key it
 * saw deleted exactly as one it never saw (created if it comes back, a later delete skipped), so
 * keeping it told nothing and made {@code hub_change_key} grow with every deleted row (V11). Every
 * call but {@link #ensureCursor} runs on the poll's transaction, which holds the cursor row locked,
 * so two hub instances never poll the same table at once.
 */
final class ChangeState {

  private static final String CREATE_CURSOR =
      "INSERT INTO hub_change_cursor (poller, changed_at, row_key, moved_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String LOCK_CURSOR =
      "SELECT changed_at, row_key FROM hub_change_cursor WHERE poller = ? FOR UPDATE";
  private static final String MOVE_CURSOR =
      "UPDATE hub_change_cursor SET changed_at = ?, row_key = ?, moved_at = ? WHERE poller = ?";
  private static final String FIND_KEY =
      "SELECT 1 FROM hub_change_key WHERE poller = ? AND row_key = ? AND deleted = FALSE";
  private static final String INSERT_KEY =
      "INSERT INTO hub_change_key (poller, row_key, deleted) VALUES (?, ?, FALSE)"
          + " ON CONFLICT DO NOTHING";
  private static final String FORGET_KEY =
      "DELETE FROM hub_change_key WHERE poller = ? AND row_key = ?";
  private static final String REJECT =
      "INSERT INTO hub_change_rejected (poller, row_key, changed_at, error, rejected_at)"
          + " VALUES (?, ?, ?, ?, ?)";

  private final DataSource hubDataSource;
  private final String poller;

  ChangeState(DataSource hubDataSource, String poller) {
    this.hubDataSource = hubDataSource;
    this.poller = poller;
  }

  /** Creates the cursor at the start of the table unless a previous run left one. */
  void ensureCursor() throws SQLException {
    try (Connection connection = hubDataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(CREATE_CURSOR)) {
      insert.setString(1, poller);
      insert.setString(2, Cursor.START.changedAt().toString());
      insert.setString(3, Cursor.START.key());
      insert.setTimestamp(4, Timestamp.from(Instant.now()));
      insert.executeUpdate();
    }
  }

  Connection begin() throws SQLException {
    Connection connection = hubDataSource.getConnection();
    connection.setAutoCommit(false);
    return connection;
  }

  /** Reads the cursor and holds it locked until the transaction ends. */
  Cursor lockCursor(Connection tx) throws SQLException {
    try (PreparedStatement lock = tx.prepareStatement(LOCK_CURSOR)) {
      lock.setString(1, poller);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("No cursor for change poller " + poller);
        }
        return new Cursor(Instant.parse(rs.getString(1)), rs.getString(2));
      }
    }
  }

  void moveCursor(Connection tx, Cursor cursor) throws SQLException {
    try (PreparedStatement move = tx.prepareStatement(MOVE_CURSOR)) {
      move.setString(1, cursor.changedAt().toString());
      move.setString(2, cursor.key());
      move.setTimestamp(3, Timestamp.from(Instant.now()));
      move.setString(4, poller);
      move.executeUpdate();
    }
  }

  /** Whether subscribers were told of the key's row and not of its deletion since. */
  boolean isLive(Connection tx, String key) throws SQLException {
    try (PreparedStatement find = tx.prepareStatement(FIND_KEY)) {
      find.setString(1, poller);
      find.setString(2, key);
      try (ResultSet rs = find.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Subscribers now know the key's row (created or updated). */
  void rememberLive(Connection tx, String key) throws SQLException {
    keyStatement(tx, INSERT_KEY, key);
  }

  /** Subscribers were told the row is deleted, or never knew it: nothing to keep. */
  void forget(Connection tx, String key) throws SQLException {
    keyStatement(tx, FORGET_KEY, key);
  }

  private void keyStatement(Connection tx, String sql, String key) throws SQLException {
    try (PreparedStatement statement = tx.prepareStatement(sql)) {
      statement.setString(1, poller);
      statement.setString(2, key);
      statement.executeUpdate();
    }
  }

  void reject(Connection tx, ChangedRow row, String error) throws SQLException {
    try (PreparedStatement reject = tx.prepareStatement(REJECT)) {
      reject.setString(1, poller);
      reject.setString(2, row.key());
      reject.setString(3, row.changedAt().toString());
      reject.setString(4, error);
      reject.setTimestamp(5, Timestamp.from(Instant.now()));
      reject.executeUpdate();
    }
  }
}
