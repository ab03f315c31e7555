package dev.webhookhub.ingest.changes;

import java.time.Instant;

/**
 * Where a poller is in its table: the change time and key of the last row done. Rows sharing a
 * change time are ordered by key, so a batch that ends in the middle of a tie resumes after the
 * right row instead of skipping or repeating the rest.
 */
record Cursor(Instant changedAt, String key) {

  /** Before every row: a new poller starts with the rows already in the table. */
  static final Cursor START = new Cursor(Instant.EPOCH, "");
}
