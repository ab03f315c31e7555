package dev.webhookhub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Where the time from ingest to arrival goes, per stage, read back from the hub's own records after
 * a paced run: when the event was remembered (just after it was published to {@code hub.events}),
 * when fan-out recorded it, and when its first attempt started. With the sender's stamp before and
 * the receiver's arrival stamp after, that splits each event's latency into four stages. All stamps
 * come from one host's clock (the hub runs in the benchmark JVM, the receiver beside it).
 */
final class StageLatencies {

  /** One stage's quantiles over the events that have all five stamps. */
  record Stage(String name, double p50Millis, double p99Millis) {}

  private static final String RECORDS =
      "SELECT f.envelope, s.first_seen_at, f.recorded_at, a.started_at"
          + " FROM hub_fanout f"
          + " JOIN hub_event_seen s ON s.event_id = f.event_id"
          + " JOIN hub_delivery_attempt a ON a.event_id = f.event_id AND a.attempt = 1";

  private StageLatencies() {}

  /**
   * @param scenario the marker scenario ({@link Latencies#marker})
   * @param sentMicros the sender's stamp by event index
   * @param arrivals the receiver's first arrival by event index
   */
  static List<Stage> of(
      DataSource dataSource, String scenario, long[] sentMicros, Map<Long, Long> arrivals)
      throws SQLException {
    Pattern marker = Pattern.compile(Pattern.quote(Latencies.prefix(scenario)) + "(\\d+)");
    Map<String, List<Long>> stages = new LinkedHashMap<>();
    for (String name :
        List.of(
            "ingest → published (HTTP, normalise, duplicate check, persistent send)",
            "published → fanned out (hub.events, fan-out batch)",
            "fanned out → first attempt (fan-out commits, dispatch, lane)",
            "first attempt → arrival (sign, POST)")) {
      stages.put(name, new ArrayList<>());
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(RECORDS);
        ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        Matcher m = marker.matcher(rs.getString(1));
        if (!m.find()) {
          continue;
        }
        int i = Integer.parseInt(m.group(1));
        Long arrived = arrivals.get((long) i);
        if (i >= sentMicros.length || arrived == null) {
          continue;
        }
        long[] stamps = {
          sentMicros[i], micros(rs, 2), micros(rs, 3), micros(rs, 4), arrived,
        };
        int s = 0;
        for (List<Long> stage : stages.values()) {
          stage.add(stamps[s + 1] - stamps[s]);
          s++;
        }
      }
    }
    List<Stage> result = new ArrayList<>();
    stages.forEach(
        (name, micros) -> {
          if (!micros.isEmpty()) {
            micros.sort(null);
            result.add(new Stage(name, quantile(micros, 0.50), quantile(micros, 0.99)));
          }
        });
    return result;
  }

  private static long micros(ResultSet rs, int column) throws SQLException {
    Instant at = rs.getObject(column, OffsetDateTime.class).toInstant();
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  private static double quantile(List<Long> sorted, double q) {
    int index = Math.max(0, (int) Math.ceil(q * sorted.size()) - 1);
    return sorted.get(index) / 1000.0;
  }
}
