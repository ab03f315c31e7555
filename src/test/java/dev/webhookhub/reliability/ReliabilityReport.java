package dev.webhookhub.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes the results table of docs/reliability.md from the rows the suite's parts left in {@code
 * target/reliability/*.tsv}. Only the text between {@link #START} and {@link #END} is replaced, so
 * the hand-written introduction stays. Run by the {@code reliability} Maven profile after the
 * integration tests (exec-maven-plugin), never by a plain {@code mvn verify}.
 *
 * <p>Arguments: the rows' directory, the document, and the build's start time (ISO-8601, Maven's
 * {@code maven.build.timestamp}) for the run's duration.
 */
public final class ReliabilityReport {

  static final String START = "<!-- results:start (written by ReliabilityReport) -->";
  static final String END = "<!-- results:end -->";

  private static final List<String> COLUMNS =
      List.of(
          "part",
          "scenario",
          "load held",
          "faults survived",
          "bad inputs tried",
          "events lost",
          "duplicates",
          "result",
          "notes");

  private ReliabilityReport() {}

  public static void main(String[] args) throws IOException {
    Path rows = Path.of(args[0]);
    Path document = Path.of(args[1]);
    Instant started = Instant.parse(args[2]);
    Instant now = Instant.now();
    String table = table(readRows(rows), machine(), now, Duration.between(started, now));
    Files.writeString(
        document, replaceTable(Files.readString(document), table), StandardCharsets.UTF_8);
    System.out.println("Reliability results written to " + document);
  }

  /** Every row of every part, by file name, each file's rows in the order they were written. */
  static List<List<String>> readRows(Path directory) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return rows;
    }
    List<Path> files;
    try (Stream<Path> listed = Files.list(directory)) {
      files = listed.filter(p -> p.toString().endsWith(".tsv")).sorted().toList();
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          rows.add(List.of(line.split("\t", -1)));
        }
      }
    }
    return rows;
  }

  static String table(List<List<String>> rows, String machine, Instant at, Duration took) {
    StringBuilder out = new StringBuilder();
    out.append("Run of ")
        .append(DateTimeFormatter.ISO_LOCAL_DATE.format(at.atOffset(ZoneOffset.UTC)))
        .append(" (")
        .append(DateTimeFormatter.ofPattern("HH:mm 'UTC'").format(at.atOffset(ZoneOffset.UTC)))
        .append(") on ")
        .append(machine)
        .append("; the whole `mvn -Preliability verify` took ")
        .append(minutes(took))
        .append(".\n\n");
    out.append(row(COLUMNS));
    out.append(row(COLUMNS.stream().map(c -> "---").toList()));
    long failed = 0;
    for (List<String> cells : rows) {
      List<String> padded = new ArrayList<>(cells);
      while (padded.size() < COLUMNS.size()) {
        padded.add(ReliabilityRow.NA);
      }
      if (!"pass".equals(padded.get(7))) {
        failed++;
        padded.set(7, "**" + padded.get(7) + "**");
      }
      out.append(row(padded.subList(0, COLUMNS.size())));
    }
    if (rows.isEmpty()) {
      out.append("\nNo part wrote a row.\n");
    } else if (failed > 0) {
      out.append("\n**").append(failed).append(" of ").append(rows.size()).append(" failed.**\n");
    }
    return out.toString();
  }

  private static String row(List<String> cells) {
    return "| "
        + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList())
        + " |\n";
  }

  private static String minutes(Duration took) {
    return String.format(Locale.ROOT, "%d min %02d s", took.toMinutes(), took.toSecondsPart());
  }

  /** Cores, memory, system and Java of this machine, in a few words. */
  static String machine() {
    long memory =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    return String.format(
        Locale.ROOT,
        "%d cores, %.1f GB memory, %s %s (%s), Java %s",
        Runtime.getRuntime().availableProcessors(),
        memory / 1e9,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"));
  }

  /**
   * @throws IllegalArgumentException if the document lacks the markers: the table must not
   *     overwrite the hand-written text
   */
  static String replaceTable(String document, String table) {
    int start = document.indexOf(START);
    int end = document.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "the document has no '" + START + "' … '" + END + "' markers to put the table between");
    }
    return document.substring(0, start + START.length()) + "\n" + table + document.substring(end);
  }
}
