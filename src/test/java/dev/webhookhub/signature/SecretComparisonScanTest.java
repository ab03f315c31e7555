package dev.webhookhub.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookhub.testing.ReliabilityTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps comparisons of secrets in {@link SecretComparison}: scans {@code src/main/java} line by
 * line for {@code MessageDigest.isEqual} anywhere else, and for an equality call ({@code equals},
 * {@code equalsIgnoreCase}, {@code contentEquals}, {@code Objects.equals}, {@code Arrays.equals},
 * {@code compareTo}, {@code contains}) on a line that names a token, secret, signature, password,
 * credential or MAC outside string literals and comments.
 *
 * <p>What it catches: the usual slip, {@code token.equals(candidate)} or {@code
 * expectedSignature.equals(header)}, in any file added later. What it cannot: a secret held in a
 * variable whose name does not say so ({@code value.equals(x)}), a comparison split over lines, a
 * lookup by secret in a map or set ({@code hashCode} and {@code equals} run inside the JDK), and
 * comparisons done by libraries (Vert.x, Jetty, Hawtio) with values the hub hands them. Those need
 * a reviewer; this test only makes the common mistake loud.
 */
class SecretComparisonScanTest {

  private static final Path SOURCES = Path.of("src", "main", "java");

  /**
   * A variable, field or method (lower camel case; class names such as {@code BodySignature} only
   * name a kind of thing) whose name says it holds a secret.
   */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "\\b(?=[a-z])\\w*(?i:token|secret|signature|password|passwd|credential|mac)\\w*\\b");

  private static final Pattern EQUALITY =
      Pattern.compile(
          "(\\.equals\\(|\\.equalsIgnoreCase\\(|\\.contentEquals\\(|Objects\\.equals\\("
              + "|Arrays\\.equals\\(|\\.compareTo\\(|\\.contains\\()");

  private static final Pattern STRING_LITERAL = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");

  @Test
  void noSecretIsComparedOutsideSecretComparison() throws Exception {
    List<String> found = new ArrayList<>();
    int[] files = {0};
    ReliabilityTable.securitySmoke()
        .record(
            "secrets compared in constant time (source scan)",
            ReliabilityTable.NOT_APPLICABLE,
            "",
            () -> {
              try (Stream<Path> all = Files.walk(SOURCES)) {
                for (Path file : all.filter(p -> p.toString().endsWith(".java")).toList()) {
                  files[0]++;
                  found.addAll(suspects(file));
                }
              }
              assertThat(files[0]).as("Java files scanned").isGreaterThan(100);
              assertThat(found)
                  .as("compare secrets with SecretComparison.matches, nowhere else")
                  .isEmpty();
            });
  }

  @Test
  void theScanSeesTheMistakesItIsFor() {
    assertThat(suspect("Other.java", "    return token.equals(candidate);")).isTrue();
    assertThat(suspect("Other.java", "if (Objects.equals(expectedSignature, sent)) {")).isTrue();
    assertThat(suspect("Other.java", "  return MessageDigest.isEqual(a, b);")).isTrue();
    assertThat(suspect("Other.java", "if (text.contains(BodySignature.SEPARATOR)) {")).isFalse();
    assertThat(suspect("Other.java", "String separator = header.equals(\"webhook-signature\");"))
        .isFalse();
    assertThat(suspect("Other.java", "// the token.equals(x) of old")).isFalse();
    assertThat(suspect("SecretComparison.java", "  return MessageDigest.isEqual(a, b);")).isFalse();
  }

  private static List<String> suspects(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (suspect(file.getFileName().toString(), lines.get(i))) {
        found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
      }
    }
    return found;
  }

  private static boolean suspect(String fileName, String line) {
    String code = STRING_LITERAL.matcher(line).replaceAll("\"\"");
    int comment = code.indexOf("//");
    if (comment >= 0) {
      code = code.substring(0, comment);
    }
    if (code.strip().startsWith("*")) {
      return false; // Javadoc
    }
    if (fileName.equals("SecretComparison.java")) {
      return false;
    }
    return code.contains("MessageDigest.isEqual")
        || (EQUALITY.matcher(code).find() && SECRET_NAME.matcher(code).find());
  }
}
