package dev.webhookhub.bench;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.webhookhub.delivery.DueDeliveries;
import dev.webhookhub.queue.HubHeaders;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * P4's backlog, written straight into the database: numbered deliveries of real events to real
 * subscriptions, each waiting in {@code hub_delivery_due} for its second attempt, as the engine
 * leaves a delivery whose first attempt failed (migration V9: the delivery message's hub headers as
 * a JSON object, the envelope as body), with its {@code hub_delivery} record saying it is retrying.
 * Producing a million through the hub at its own pace would take too long.
 *
 * <p>The rows are written by the engine's own writer ({@link DueDeliveries}); what is chosen here
 * is only what a waiting delivery holds: its hub headers and the event's envelope.
 */
final class WaitingDeliveries {

  /** One real delivery target: a subscription and an event of its organization. */
  record Target(String subscriptionId, String eventId, String eventType, String envelope) {}

  /**
   * The engine's writer of {@code hub_delivery_due}, so that the rows have its format. Its data
   * source is for the poller; {@code insert} writes through the connection it is given.
   */
  private static final DueDeliveries WRITER = new DueDeliveries(null, JsonMapper.builder().build());

  private static final String PREFIX = "dlv_";
  private static final int ROWS_PER_COMMIT = 10_000;

  private WaitingDeliveries() {}

  /**
   * The id of seeded delivery {@code n}: shaped as the hub's ids ({@code dlv_} and 32 hex digits),
   * with {@code n} readable from it, so that the receiver can count distinct arrivals compactly.
   */
  static String deliveryId(long n) {
    return PREFIX + String.format("%032x", n);
  }

  /**
   * The number of a seeded delivery's id, or -1 for any other id (the hub's are hashes: their first
   * 16 hex digits are not all zero).
   */
  static long number(String deliveryId) {
    if (deliveryId == null
        || deliveryId.length() != PREFIX.length() + 32
        || !deliveryId.startsWith(PREFIX + "0000000000000000")) {
      return -1;
    }
    try {
      return Long.parseLong(deliveryId.substring(PREFIX.length() + 16), 16);
    } catch (NumberFormatException notHex) {
      return -1;
    }
  }

  /** The hub headers the delivery message of seeded delivery {@code n} had, and has again. */
  static Map<String, Object> headers(long n, Target target) {
    Map<String, Object> headers = new TreeMap<>();
    headers.put(HubHeaders.DELIVERY_ID, deliveryId(n));
    headers.put(HubHeaders.EVENT_ID, target.eventId());
    headers.put(HubHeaders.EVENT_TYPE, target.eventType());
    headers.put(HubHeaders.SUBSCRIPTION_ID, target.subscriptionId());
    headers.put(HubHeaders.ATTEMPT, 2);
    headers.put(HubHeaders.GROUP, target.subscriptionId());
    return headers;
  }

  /**
   * Inserts deliveries {@code from..to-1}, delivery {@code n} for {@code targets[n % size]}, all
   * due at {@code dueAt}, through the engine's own writer, committing every {@value
   * #ROWS_PER_COMMIT} rows.
   */
  static void seed(Connection c, List<Target> targets, long from, long to, Instant dueAt)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      List<DueDeliveries.Due> rows = new ArrayList<>();
      for (long n = from; n < to; n++) {
        Target target = targets.get((int) (n % targets.size()));
        rows.add(
            new DueDeliveries.Due(
                deliveryId(n),
                target.subscriptionId(),
                dueAt,
                headers(n, target),
                target.envelope()));
        if (rows.size() == ROWS_PER_COMMIT || n + 1 == to) {
          WRITER.insert(c, rows);
          c.commit();
          rows.clear();
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * The {@code hub_delivery} record of every waiting delivery, as the engine leaves one whose first
   * attempt failed (V3's states: retrying, one attempt, the next due). Copied in the database, in
   * id ranges: nothing in them needs the seeding's own format.
   */
  static void records(Connection c, List<Target> targets) throws SQLException {
    long[] ids = idRange(c);
    try (PreparedStatement copy =
        c.prepareStatement(
            "INSERT INTO hub_delivery (id, event_id, subscription_id, event_type, status,"
                + " attempts, last_error, next_attempt_at, created_at, updated_at)"
                + " SELECT d.delivery_id, ?, d.subscription_id, ?, 'retrying', 1,"
                + " 'seeded by the benchmark as a failed first attempt', d.due_at, d.created_at,"
                + " d.created_at FROM hub_delivery_due d"
                + " WHERE d.subscription_id = ? AND d.id >= ? AND d.id < ?")) {
      for (long from = ids[0]; from <= ids[1]; from += ROWS_PER_COMMIT) {
        for (Target target : targets) {
          copy.setString(1, target.eventId());
          copy.setString(2, target.eventType());
          copy.setString(3, target.subscriptionId());
          copy.setLong(4, from);
          copy.setLong(5, from + ROWS_PER_COMMIT);
          copy.executeUpdate();
        }
      }
    }
  }

  /**
   * Moves the due time of every waiting delivery seeded so far: for the first few only (on H2 an
   * UPDATE of these rows is slower than seeding them).
   */
  static void dueAt(Connection c, Instant at) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE hub_delivery_due SET due_at = ?")) {
      update.setTimestamp(1, Timestamp.from(at));
      update.executeUpdate();
    }
  }

  /** The lowest and highest id in {@code hub_delivery_due}. */
  private static long[] idRange(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MIN(id), MAX(id) FROM hub_delivery_due")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }
}
