package dev.webhookhub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The SSRF corpus, {@code security/ssrf-targets.tsv}: its header says what each column means. */
public final class SsrfTargets {

  /** One line of the corpus. */
  public record Target(String kind, String url, String atCheck, String atSend, String note) {}

  private SsrfTargets() {}

  public static List<Target> all() {
    List<Target> targets = new ArrayList<>();
    try (InputStream in = SsrfTargets.class.getResourceAsStream("/security/ssrf-targets.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t");
        targets.add(new Target(columns[0], columns[1], columns[2], columns[3], columns[4]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return targets;
  }
}
