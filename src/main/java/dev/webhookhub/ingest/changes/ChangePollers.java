package dev.webhookhub.ingest.changes;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * The change pollers of this hub, one per route created from the change-polling template, by {@link
 * ChangeTable#pollerId()}.
 */
public final class ChangePollers {

  private final CamelContext context;
  private final DataSource hubDataSource;
  private final ObjectMapper json;
  private final Map<String, ChangePoller> pollers = new ConcurrentHashMap<>();

  public ChangePollers(CamelContext context, DataSource hubDataSource, ObjectMapper json) {
    this.context = context;
    this.hubDataSource = hubDataSource;
    this.json = json;
  }

  /**
   * @throws IllegalArgumentException if the data source is not in the registry, or the table is
   *     polled twice
   */
  void create(ChangeTable table) {
    DataSource polled =
        context.getRegistry().lookupByNameAndType(table.dataSource(), DataSource.class);
    if (polled == null) {
      throw new IllegalArgumentException(
          "no data source named '" + table.dataSource() + "' for " + table.pollerId());
    }
    ChangePoller poller =
        new ChangePoller(
            table,
            new ChangeReader(table, polled),
            new ChangeState(hubDataSource, table.pollerId()),
            context.createProducerTemplate(),
            json,
            Clock.systemUTC());
    if (pollers.putIfAbsent(table.pollerId(), poller) != null) {
      throw new IllegalArgumentException(table.pollerId() + " is polled by two routes");
    }
  }

  /** When each poller (by {@code source:table}) last finished a poll. */
  public Map<String, java.time.Instant> lastPolls() {
    Map<String, java.time.Instant> last = new java.util.TreeMap<>();
    pollers.forEach((id, poller) -> last.put(id, poller.lastPolledAt()));
    return last;
  }

  /** The poller of {@code source:table}, or {@code null}. */
  public ChangePoller get(String pollerId) {
    return pollers.get(pollerId);
  }
}
