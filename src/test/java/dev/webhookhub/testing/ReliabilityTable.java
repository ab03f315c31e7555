package dev.webhookhub.testing;

import dev.webhookhub.reliability.ReliabilityRow;

/**
 * A part's checks as rows of the reliability results table ({@link ReliabilityRow}): each check
 * appends its row, pass or fail, for checks whose figures are only "it held".
 */
public final class ReliabilityTable {

  /** A column that does not apply to the scenario. */
  public static final String NOT_APPLICABLE = ReliabilityRow.NA;

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
    return new ReliabilityTable("security", ReliabilityRow.partName("security"));
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
    new ReliabilityRow(
            part,
            scenario,
            loadHeld,
            faultsSurvived,
            badInputs,
            eventsLost,
            duplicates,
            passed,
            notes)
        .appendTo(file);
  }
}
