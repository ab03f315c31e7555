package dev.webhookhub.ingest.changes;

import dev.webhookhub.ingest.TemplateParameters;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * What a change-polling source reads: which table, which columns identify a row, date its last
 * change and mark it deleted, and where its organization comes from. Built from the route
 * template's parameters and checked at start-up, since table and column names go into SQL.
 *
 * @param source source name of the events
 * @param table table (optionally schema.table) polled
 * @param entity first part of the event types: {@code <entity>.created|updated|deleted}
 * @param keyColumn the row's identity
 * @param changedColumn timestamp of the row's last change, set on every insert, update and soft
 *     delete
 * @param deletedColumn soft-delete marker (deleted when not null and not false), or {@code null}
 * @param organizationColumn column naming the organization, or {@code null}
 * @param organizationId organization for rows without one, or {@code null}
 * @param locationColumn column naming the location, or {@code null}
 * @param dataSource registry name of the JDBC data source holding the table
 * @param batchSize most rows read in one poll
 * @param settle how old a change must be before it is read, so that a writer's transaction that
 *     commits late (with an earlier change time) is not skipped by the cursor
 */
public record ChangeTable(
    String source,
    String table,
    String entity,
    String keyColumn,
    String changedColumn,
    String deletedColumn,
    String organizationColumn,
    String organizationId,
    String locationColumn,
    String dataSource,
    int batchSize,
    Duration settle) {

  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final Pattern ENTITY = Pattern.compile("[a-z0-9_]+");

  public ChangeTable {
    identifier("table", table);
    identifier("keyColumn", keyColumn);
    identifier("changedColumn", changedColumn);
    if (deletedColumn != null) {
      identifier("deletedColumn", deletedColumn);
    }
    if (organizationColumn != null) {
      identifier("organizationColumn", organizationColumn);
    }
    if (locationColumn != null) {
      identifier("locationColumn", locationColumn);
    }
    if (!ENTITY.matcher(entity).matches()) {
      throw new IllegalArgumentException(
          "entity '" + entity + "': lower case letters, digits and '_', e.g. contact");
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize must be from 1 to 10000");
    }
  }

  /** From the template's parameters; the defaults fit a table with id, updated_at, deleted_at. */
  public static ChangeTable from(TemplateParameters parameters) {
    return new ChangeTable(
        parameters.required("source"),
        parameters.required("table"),
        parameters.required("entity"),
        parameters.optional("keyColumn", "id"),
        parameters.optional("changedColumn", "updated_at"),
        noneAsNull(parameters.optional("deletedColumn", "deleted_at")),
        parameters.optional("organizationColumn"),
        parameters.optional("organizationId"),
        parameters.optional("locationColumn"),
        parameters.optional("dataSource", "dataSource"),
        integer("batchSize", parameters.optional("batchSize", "100")),
        duration("settle", parameters.optional("settle", "PT2S")));
  }

  /** "none" turns a default column off, e.g. a table without soft deletes. */
  private static String noneAsNull(String column) {
    return "none".equals(column) ? null : column;
  }

  /** Name of this poller's state in the hub's database. */
  public String pollerId() {
    return source + ":" + table;
  }

  /**
   * The rows changed after the cursor and before the settle time, in cursor order. The key is
   * compared as text so that any key type works the same on H2 and PostgreSQL; order and comparison
   * use the same collation, so the order only has to be consistent, not numeric.
   */
  String changesAfterCursorSql() {
    String key = "CAST(" + keyColumn + " AS VARCHAR(200))";
    return "SELECT * FROM "
        + table
        + " WHERE "
        + changedColumn
        + " <= ? AND ("
        + changedColumn
        + " > ? OR ("
        + changedColumn
        + " = ? AND "
        + key
        + " > ?)) ORDER BY "
        + changedColumn
        + ", "
        + key
        + " LIMIT ?";
  }

  static Duration duration(String name, String text) {
    try {
      Duration value = Duration.parse(text);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return value;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " '" + text + "': expected an ISO-8601 duration such as PT2S");
    }
  }

  private static int integer(String name, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + text + "': expected a whole number");
    }
  }

  private static void identifier(String name, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name + " '" + value + "': expected a plain SQL name such as contacts or crm.contacts");
    }
  }
}
