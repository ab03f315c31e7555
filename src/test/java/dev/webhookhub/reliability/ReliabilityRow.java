package dev.webhookhub.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One row of the results table in docs/reliability.md, as a part of the reliability suite reports
 * it: appended to {@code target/reliability/<part>.tsv}, from which {@link ReliabilityReport}
 * writes the table after a {@code -Preliability} run. Columns that do not apply are {@value #NA}.
 */
public record ReliabilityRow(
    String part,
    String scenario,
    String loadHeld,
    String faultsSurvived,
    String badInputsTried,
    String eventsLost,
    String duplicates,
    boolean passed,
    String notes) {

  /** What a column that does not apply to a row says. */
  public static final String NA = "—";

  /** Where the parts write their rows (Maven's target/, relative to the project). */
  public static final Path DIRECTORY = Path.of("target", "reliability");

  /** Whether this JVM runs the long parts: {@code -Preliability} sets the system property. */
  public static boolean longRun() {
    return Boolean.getBoolean("reliability");
  }

  /** The part's name as a row shows it: smoke runs (plain {@code mvn verify}) say so. */
  public static String partName(String part) {
    return longRun() ? part : part + " (smoke)";
  }

  /** The row's cells in column order. */
  public List<String> cells() {
    return List.of(
        part,
        scenario,
        loadHeld,
        faultsSurvived,
        badInputsTried,
        eventsLost,
        duplicates,
        passed ? "pass" : "fail",
        notes);
  }

  /** Appends the row to {@code target/reliability/<file>.tsv}. */
  public void appendTo(String file) {
    appendTo(DIRECTORY, file);
  }

  void appendTo(Path directory, String file) {
    StringBuilder line = new StringBuilder();
    for (String cell : cells()) {
      if (line.length() > 0) {
        line.append('\t');
      }
      // One row is one line and one cell has no tab, whatever a note says.
      line.append(cell == null ? NA : cell.replaceAll("[\\t\\r\\n]+", " "));
    }
    line.append('\n');
    try {
      Files.createDirectories(directory);
      Files.writeString(
          directory.resolve(file + ".tsv"),
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
