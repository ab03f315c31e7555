package dev.webhookhub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's results: one row per figure with its target, written as {@code
 * target/benchmark.md} (the table) and {@code target/benchmark.json} (the raw figures). Written
 * after every scenario, so an interrupted run still leaves what it measured.
 */
final class BenchReport {

  /** Whether a figure meets its target; {@code NONE} when it has no target or was not measured. */
  enum Verdict {
    PASS,
    FAIL,
    NONE
  }

  /**
   * One figure. {@code value} is null when it was not measured; {@code target} is the target's
   * text.
   */
  record Row(
      String scenario,
      String database,
      String figure,
      Double value,
      String unit,
      String target,
      Verdict verdict,
      String note) {}

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Object> settings = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final Instant started = Instant.now();

  void setting(String name, Object value) {
    settings.put(name, value);
  }

  void note(String text) {
    notes.add(text);
  }

  void add(Row row) {
    rows.add(row);
    System.out.printf(
        "BENCH %s %s %s = %s %s (target %s: %s) %s%n",
        row.scenario(),
        row.database(),
        row.figure(),
        row.value(),
        row.unit(),
        row.target(),
        row.verdict(),
        row.note());
  }

  /** A figure with a lower or upper bound as target ({@code atLeast} says which). */
  void bound(
      String scenario,
      String database,
      String figure,
      double value,
      String unit,
      Double bound,
      boolean atLeast,
      String targetText,
      String note) {
    Verdict verdict =
        bound == null
            ? Verdict.NONE
            : (atLeast ? value >= bound : value <= bound) ? Verdict.PASS : Verdict.FAIL;
    add(new Row(scenario, database, figure, value, unit, targetText, verdict, note));
  }

  /**
   * A latency in milliseconds; {@code null} when the quantile falls on events that never arrived,
   * which fails a bound.
   */
  void latency(
      String scenario,
      String database,
      String figure,
      Double millis,
      Double bound,
      String target,
      String note) {
    if (millis == null) {
      add(
          new Row(
              scenario,
              database,
              figure,
              null,
              "ms",
              target,
              bound == null ? Verdict.NONE : Verdict.FAIL,
              "not arrived" + (note.isEmpty() ? "" : ": " + note)));
    } else {
      bound(scenario, database, figure, millis, "ms", bound, false, target, note);
    }
  }

  void info(
      String scenario, String database, String figure, double value, String unit, String note) {
    add(new Row(scenario, database, figure, value, unit, "", Verdict.NONE, note));
  }

  void notMeasured(String scenario, String database, String figure, String target, String why) {
    add(new Row(scenario, database, figure, null, "", target, Verdict.NONE, why));
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("started", started.toString());
    json.put("finished", Instant.now().toString());
    json.put("settings", settings);
    json.put("notes", notes);
    json.put("rows", rows);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("benchmark.json").toFile(), json);
    Files.writeString(dir.resolve("benchmark.md"), markdown());
  }

  String markdown() {
    StringBuilder md = new StringBuilder("# Benchmark ").append(started).append("\n\n");
    md.append("Settings: ");
    settings.forEach((k, v) -> md.append('`').append(k).append('=').append(v).append("` "));
    md.append("\n\n");
    for (String note : notes) {
      md.append("- ").append(note).append('\n');
    }
    md.append("\n| scenario | database | figure | value | target | result | note |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      md.append("| ")
          .append(row.scenario())
          .append(" | ")
          .append(row.database())
          .append(" | ")
          .append(row.figure())
          .append(" | ")
          .append(row.value() == null ? "not measured" : format(row.value()) + " " + row.unit())
          .append(" | ")
          .append(row.target())
          .append(" | ")
          .append(
              switch (row.verdict()) {
                case PASS -> "pass";
                case FAIL -> "**fail**";
                case NONE -> "";
              })
          .append(" | ")
          .append(row.note() == null ? "" : row.note())
          .append(" |\n");
    }
    return md.toString();
  }

  static String format(double value) {
    if (Double.isInfinite(value)) {
      return "∞";
    }
    return Math.abs(value) >= 100 || value == Math.rint(value)
        ? String.format("%.0f", value)
        : String.format("%.1f", value);
  }
}
