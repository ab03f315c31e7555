package dev.webhookhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every problem kind the hub can answer is listed in docs/http-problems.md, and the list names no
 * kind the hub never answers: clients branch on the kinds, so the list is their contract.
 */
class ProblemKindsDocumentedTest {

  /**
   * A kind where a problem is made: every constructor and helper takes the kind, then the title, as
   * literals ({@code new ProblemException(404, "not-found", "Not found", …)}).
   */
  private static final Pattern KIND_THEN_TITLE =
      Pattern.compile("\"([a-z][a-z-]*)\",\\s*\"[A-Z][^\"]*\"");

  /** A row of the table in docs/http-problems.md: {@code | 404 | `not-found` | …}. */
  private static final Pattern DOCUMENTED_KIND =
      Pattern.compile("^\\|\\s*\\d{3}\\s*\\|\\s*`([a-z-]+)`", Pattern.MULTILINE);

  @Test
  void everyKindTheHubAnswersIsDocumentedAndNoOther() throws IOException {
    Set<String> used = kindsUsedIn(Path.of("src/main/java"));
    Set<String> documented =
        matches(DOCUMENTED_KIND, Files.readString(Path.of("docs/http-problems.md")));

    // The scan itself must work, or the comparison below proves nothing.
    assertThat(used).contains("not-found", "malformed-json", "unauthorized", "invalid-signature");
    assertThat(documented).as("kinds in docs/http-problems.md").containsAll(used);
    assertThat(used).as("kinds made in src/main/java").containsAll(documented);
  }

  private static Set<String> kindsUsedIn(Path sources) throws IOException {
    Set<String> kinds = new TreeSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        // Only where problems are made: elsewhere the same shape is an ordinary pair of strings.
        if (text.contains("ProblemDetails") || text.contains("ProblemException")) {
          kinds.addAll(matches(KIND_THEN_TITLE, text));
        }
      }
    }
    return kinds;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
