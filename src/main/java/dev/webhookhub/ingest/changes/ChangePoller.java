package dev.webhookhub.ingest.changes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.DeterministicEventId;
import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.ingest.Ingest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the changed rows of one table into {@code <entity>.created|updated|deleted} envelopes and
 * hands them to the normalisation route, like every other source.
 *
 * <p>A poll holds the cursor row locked in the hub's database while it works and moves the cursor,
 * the seen keys and any rejections in the same transaction, after the events are published. A crash
 * in between publishes those rows again on the next poll, with the same event ids (a row version's
 * id is made from source, table, key and change time), so deduplication drops the copies.
 *
 * <p>Created or updated is told by the seen keys: a key the hub has not emitted before (or last
 * emitted as deleted) is created. A soft-deleted row is deleted once; a row deleted before the hub
 * ever saw it is skipped, since no subscriber knows it.
 */
public final class ChangePoller {

  private static final Logger LOG = LoggerFactory.getLogger(ChangePoller.class);

  private final ChangeTable table;
  private final ChangeReader reader;
  private final ChangeState state;
  private final ProducerTemplate producer;
  private final ObjectMapper json;
  private final Clock clock;
  private final AtomicLong rowsEmitted = new AtomicLong();
  private final AtomicLong rowsRejected = new AtomicLong();
  private volatile boolean cursorReady;
  private int failures;
  private Instant pausedUntil = Instant.MIN;
  private volatile Instant lastPolled;

  ChangePoller(
      ChangeTable table,
      ChangeReader reader,
      ChangeState state,
      ProducerTemplate producer,
      ObjectMapper json,
      Clock clock) {
    this.table = table;
    this.reader = reader;
    this.state = state;
    this.producer = producer;
    this.json = json;
    this.clock = clock;
    this.lastPolled = clock.instant();
  }

  /**
   * Reads and emits one batch, unless the table failed lately: then polls are skipped for a pause
   * that doubles with each failure in a row (1 s up to a minute), and only the first failure and
   * the recovery are logged at warning level. A missing table or an unreachable database is then
   * one line a minute, not a stack trace a second.
   *
   * @return how many rows the cursor moved past; 0 when there was nothing to do
   */
  public synchronized int pollBatch() {
    Instant now = clock.instant();
    if (now.isBefore(pausedUntil)) {
      return 0;
    }
    try {
      int done = pollOnce();
      lastPolled = clock.instant();
      if (failures > 0) {
        LOG.warn("{} polls again after {} failed polls", table.pollerId(), failures);
        failures = 0;
      }
      return done;
    } catch (SQLException | RuntimeException e) {
      failures++;
      Duration pause = Duration.ofSeconds(Math.min(60, 1L << Math.min(failures - 1, 6)));
      pausedUntil = now.plus(pause);
      if (failures == 1) {
        LOG.warn(
            "{} cannot poll, retrying with growing pauses: {}", table.pollerId(), e.toString());
      } else {
        LOG.debug(
            "{} poll {} failed, next in {}: {}", table.pollerId(), failures, pause, e.toString());
      }
      return 0;
    }
  }

  private int pollOnce() throws SQLException {
    if (!cursorReady) {
      state.ensureCursor();
      cursorReady = true;
    }
    try (Connection tx = state.begin()) {
      try {
        Cursor cursor = state.lockCursor(tx);
        List<ChangedRow> rows = reader.after(cursor, clock.instant().minus(table.settle()));
        int done = 0;
        for (ChangedRow row : rows) {
          if (!emit(tx, row)) {
            break;
          }
          cursor = row.position();
          done++;
        }
        if (done > 0) {
          state.moveCursor(tx, cursor);
        }
        tx.commit();
        return done;
      } catch (SQLException | RuntimeException e) {
        tx.rollback();
        throw e;
      }
    }
  }

  /**
   * @return false if the hub itself failed and the batch must stop before this row
   */
  private boolean emit(Connection tx, ChangedRow row) throws SQLException {
    if (row.key() == null || row.key().length() > 200) {
      reject(tx, row, "the key column " + table.keyColumn() + " is empty or over 200 characters");
      return true;
    }
    boolean live = state.isLive(tx, row.key());
    String action;
    if (row.deleted()) {
      if (!live) {
        return true;
      }
      action = "deleted";
    } else {
      action = live ? "updated" : "created";
    }
    String body;
    try {
      body = json.writeValueAsString(envelope(row, action));
    } catch (Exception e) {
      reject(tx, row, "cannot write the row as JSON: " + e.getMessage());
      return true;
    }
    Exchange result =
        producer.send(
            Ingest.NORMALISE,
            exchange -> {
              exchange.setProperty(Ingest.SOURCE, table.source());
              exchange.setProperty(Ingest.ORGANIZATION_HINT, table.organizationId());
              exchange.setProperty(Ingest.RECEIVED_AT, row.changedAt());
              exchange.getMessage().setBody(body);
            });
    Exception failure = result.getException();
    if (failure instanceof InvalidEventException invalid) {
      reject(tx, row, invalid.getMessage());
      return true;
    }
    if (failure != null) {
      LOG.warn(
          "{} row {} not emitted, will retry: {}", table.pollerId(), row.key(), failure.toString());
      return false;
    }
    if (row.deleted()) {
      state.forget(tx, row.key());
    } else {
      state.rememberLive(tx, row.key());
    }
    rowsEmitted.incrementAndGet();
    return true;
  }

  private ObjectNode envelope(ChangedRow row, String action) {
    ObjectNode version = json.createObjectNode();
    version.put("table", table.table());
    version.put("key", row.key());
    version.put("changedAt", row.changedAt().toString());
    ObjectNode envelope = json.createObjectNode();
    // Per row version, not per action: a re-read after a crash may see the key as already
    // created and call the same version "updated"; the same id still lets dedupe drop it.
    envelope.put("eventId", DeterministicEventId.of(table.source(), version));
    envelope.put("eventType", table.entity() + "." + action);
    envelope.put("eventTimestamp", row.changedAt().toString());
    if (row.organizationId() != null) {
      envelope.put("organizationId", row.organizationId());
    }
    if (row.locationId() != null) {
      envelope.put("locationId", row.locationId());
    }
    envelope.set("data", row.data());
    return envelope;
  }

  /** A row that cannot become an event is recorded and passed, so it never stalls the table. */
  private void reject(Connection tx, ChangedRow row, String error) throws SQLException {
    LOG.warn("{} row {} rejected: {}", table.pollerId(), row.key(), error);
    state.reject(tx, row, error);
    rowsRejected.incrementAndGet();
  }

  /**
   * When the last poll finished without failing (or the poller was made, before any). A time that
   * falls behind means the table is not being read: the database fails, or polls stall.
   */
  public Instant lastPolledAt() {
    return lastPolled;
  }

  /** Polls that failed in a row; 0 while the table is read normally. */
  public synchronized int failedPolls() {
    return failures;
  }

  /** Rows this instance emitted since it started. */
  public long rowsEmitted() {
    return rowsEmitted.get();
  }

  /** Rows this instance rejected since it started. */
  public long rowsRejected() {
    return rowsRejected.get();
  }
}
