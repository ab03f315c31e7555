package dev.webhookhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityReportTest {

  @Test
  void theTableReplacesOnlyWhatIsBetweenTheMarkers() {
    String document =
        "# Reliability\n\nIntro.\n\n"
            + ReliabilityReport.START
            + "\nold table\n"
            + ReliabilityReport.END
            + "\n\nAfter.\n";

    String written = ReliabilityReport.replaceTable(document, "new table\n");

    assertThat(written)
        .isEqualTo(
            "# Reliability\n\nIntro.\n\n"
                + ReliabilityReport.START
                + "\nnew table\n"
                + ReliabilityReport.END
                + "\n\nAfter.\n");
  }

  @Test
  void aDocumentWithoutMarkersIsNotOverwritten() {
    assertThatThrownBy(() -> ReliabilityReport.replaceTable("# hand-written only\n", "table"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("markers");
  }

  @Test
  void rowsOfEveryPartBecomeOneTableAndFailuresStandOut(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("b-fuzz.tsv"), "hostile input\tHTTP\t—\t—\t10000\t0\t0\tpass\tseed 42\n");
    Files.writeString(
        dir.resolve("a-crash.tsv"), "crash\tkill -9\t100000 events\t20\t—\t1\t3\tfail\tx|y\n");
    Files.writeString(dir.resolve("ignored.txt"), "not a row\n");

    String table =
        ReliabilityReport.table(
            ReliabilityReport.readRows(dir),
            "2 cores",
            Instant.parse("2026-12-02T17:00:00Z"),
            Duration.ofSeconds(125));

    assertThat(table.lines().toList())
        .containsSubsequence(
            "Run of 2026-12-02 (17:00 UTC) on 2 cores; the whole `mvn -Preliability verify` took"
                + " 2 min 05 s.",
            "| part | scenario | load held | faults survived | bad inputs tried | events lost |"
                + " duplicates | result | notes |",
            "| crash | kill -9 | 100000 events | 20 | — | 1 | 3 | **fail** | x\\|y |",
            "| hostile input | HTTP | — | — | 10000 | 0 | 0 | pass | seed 42 |",
            "**1 of 2 failed.**");
  }

  @Test
  void aRowIsOneLineOfTabSeparatedCells(@TempDir Path dir) throws Exception {
    ReliabilityRow row =
        new ReliabilityRow("p", "s", "—", "—", "3", "0", "0", true, "two\nlines\tand a tab");

    row.appendTo(dir, "part");
    row.appendTo(dir, "part");

    assertThat(ReliabilityReport.readRows(dir))
        .containsExactly(
            List.of("p", "s", "—", "—", "3", "0", "0", "pass", "two lines and a tab"),
            List.of("p", "s", "—", "—", "3", "0", "0", "pass", "two lines and a tab"));
  }
}
