package dev.webhookhub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Rows of the reliability results table: each part of the suite appends to {@code
 * target/reliability/<file>.tsv} (tab-separated, no header; columns part, scenario, load held,
 * faults survived, bad inputs tried, events lost, duplicates, result, notes), and the -Preliability
 * run turns the files into docs/reliability.md.
 */
public final class ReliabilityTable {

  /** A column that does not apply to the scenario. */
  public static final String NOT_APPLICABLE = "—";

  private static final Path DIR = Path.of("target", "reliability");

  /** A check that may throw, typically assertions. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  private final String file;
  private final String part;

  private ReliabilityTable(String file, String part) {
    this.file = file;
    this.part = part;
  }

  /** The security part's smoke rows, in {@code security.tsv}. */
  public static ReliabilityTable securitySmoke() {
    return new ReliabilityTable("security", "security (smoke)");
  }

  /**
   * Runs {@code check} and appends its row, pass or fail, then lets a failure through.
   *
   * @param badInputs how many hostile inputs the check tried ({@link #NOT_APPLICABLE} if none)
   */
  public void record(String scenario, String badInputs, String notes, Check check)
      throws Exception {
    boolean passed = false;
    try {
      check.run();
      passed = true;
    } finally {
      append(
          scenario,
          NOT_APPLICABLE,
          NOT_APPLICABLE,
          badInputs,
          NOT_APPLICABLE,
          NOT_APPLICABLE,
          passed,
          notes);
    }
  }

  public void append(
      String scenario,
      String loadHeld,
      String faultsSurvived,
      String badInputs,
      String eventsLost,
      String duplicates,
      boolean passed,
      String notes) {
    List<String> columns =
        List.of(
            part,
            scenario,
            loadHeld,
            faultsSurvived,
            badInputs,
            eventsLost,
            duplicates,
            passed ? "pass" : "fail",
            notes);
    String line =
        String.join("\t", columns.stream().map(c -> c.replaceAll("[\t\r\n]+", " ")).toList())
            + "\n";
    try {
      Files.createDirectories(DIR);
      // One write per row: rows of tests running at the same time do not interleave.
      Files.writeString(
          DIR.resolve(file + ".tsv"),
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
