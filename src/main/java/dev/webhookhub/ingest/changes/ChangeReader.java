package dev.webhookhub.ingest.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the next changed rows of a polled table, on the data source that holds it. */
final class ChangeReader {

  private final ChangeTable table;
  private final DataSource dataSource;
  private final String sql;

  ChangeReader(ChangeTable table, DataSource dataSource) {
    this.table = table;
    this.dataSource = dataSource;
    this.sql = table.changesAfterCursorSql();
  }

  /** Up to a batch of rows after {@code cursor} that changed no later than {@code settledAt}. */
  List<ChangedRow> after(Cursor cursor, Instant settledAt) throws SQLException {
    List<ChangedRow> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      Timestamp after = Timestamp.from(cursor.changedAt());
      select.setTimestamp(1, Timestamp.from(settledAt));
      select.setTimestamp(2, after);
      select.setTimestamp(3, after);
      select.setString(4, cursor.key());
      select.setInt(5, table.batchSize());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
    }
    return rows;
  }

  private ChangedRow row(ResultSet rs) throws SQLException {
    return new ChangedRow(
        rs.getString(table.keyColumn()),
        rs.getTimestamp(table.changedColumn()).toInstant(),
        table.deletedColumn() != null && isSet(rs.getObject(table.deletedColumn())),
        table.organizationColumn() == null ? null : rs.getString(table.organizationColumn()),
        table.locationColumn() == null ? null : rs.getString(table.locationColumn()),
        RowJson.of(rs));
  }

  /** A soft-delete marker: a time (deleted_at) or a flag (is_deleted). */
  private static boolean isSet(Object marker) {
    return marker != null && !Boolean.FALSE.equals(marker);
  }
}
