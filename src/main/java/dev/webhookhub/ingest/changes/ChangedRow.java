package dev.webhookhub.ingest.changes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One row version read from the polled table.
 *
 * @param key the row's key as text, or {@code null} if the row has none (rejected)
 * @param data every column of the row, for the event's {@code data}
 */
record ChangedRow(
    String key,
    Instant changedAt,
    boolean deleted,
    String organizationId,
    String locationId,
    ObjectNode data) {

  /** Where the cursor stands once this row is done. */
  Cursor position() {
    return new Cursor(changedAt, key == null ? "" : key);
  }
}
