package dev.webhookhub.ingest.changes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * A row's columns as a JSON object, for the event's {@code data}. Timestamps become ISO-8601
 * instants like every timestamp the hub emits; types JSON has no form for become their text. Names
 * are kept as the database reports them (PostgreSQL lower-cases unquoted names, plain H2
 * upper-cases them): renaming could merge two columns, and receivers see the other system's own
 * names.
 */
final class RowJson {

  private RowJson() {}

  static ObjectNode of(ResultSet row) throws SQLException {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    ResultSetMetaData columns = row.getMetaData();
    for (int i = 1; i <= columns.getColumnCount(); i++) {
      String name = columns.getColumnLabel(i);
      Object value = row.getObject(i);
      if (value == null) {
        data.putNull(name);
      } else if (value instanceof String text) {
        data.put(name, text);
      } else if (value instanceof Boolean flag) {
        data.put(name, flag);
      } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        data.put(name, ((Number) value).intValue());
      } else if (value instanceof Long number) {
        data.put(name, number);
      } else if (value instanceof BigDecimal number) {
        data.put(name, number);
      } else if (value instanceof Double || value instanceof Float) {
        data.put(name, ((Number) value).doubleValue());
      } else if (value instanceof Timestamp || value instanceof java.time.OffsetDateTime) {
        data.put(name, row.getTimestamp(i).toInstant().toString());
      } else if (value instanceof java.sql.Date date) {
        data.put(name, date.toLocalDate().toString());
      } else if (value instanceof byte[] bytes) {
        data.put(name, bytes);
      } else if (value instanceof Clob clob) {
        data.put(name, clob.getSubString(1, (int) clob.length()));
      } else {
        data.put(name, value.toString());
      }
    }
    return data;
  }
}
