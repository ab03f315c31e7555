package dev.webhookhub.observe;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Counts the metrics need from the database, read together on one connection. */
final class DatabaseFacts {

  record Counts(long disabledSubscriptions, long deadLetters) {}

  private final DataSource dataSource;

  DatabaseFacts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Counts read() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      // Both use an index or a small table: subscriptions are few, deliveries by status indexed.
      return new Counts(
          count(s, "SELECT COUNT(*) FROM hub_subscription WHERE enabled = FALSE"),
          count(s, "SELECT COUNT(*) FROM hub_delivery WHERE status = 'dead'"));
    }
  }

  /** A cheap round trip: whether the database answers at all. */
  boolean answers() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
