package dev.webhookhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docker build} fails when a {@code COPY} source was left out of the build context by {@code
 * .dockerignore} ("not found"), and no Docker daemon runs where the tests run. So this reads both
 * files and checks every source, and every file under a source directory, against the ignore rules.
 */
class DockerBuildContextTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();

  @Test
  void everyCopySourceIsInTheBuildContext() throws IOException {
    DockerIgnore ignore = DockerIgnore.parse(Files.readString(ROOT.resolve(".dockerignore")));
    List<String> sources = copySources(Files.readString(ROOT.resolve("Dockerfile")));

    assertThat(sources).contains("target/webhook-hub.jar", "routes");
    for (String source : sources) {
      assertThat(ignore.includes(source)).as("COPY source %s", source).isTrue();
      for (String file : filesUnder(source)) {
        assertThat(ignore.includes(file)).as("%s, under COPY source %s", file, source).isTrue();
      }
    }
  }

  @Test
  void theRulesExcludeWhatTheyShould() {
    // The .dockerignore that broke the build: routes/ was excluded with everything else.
    DockerIgnore broken = DockerIgnore.parse("# comment\n*\n!target/webhook-hub.jar\n");
    assertThat(broken.includes("routes")).isFalse();
    assertThat(broken.includes("routes/connectors/slack.camel.yaml")).isFalse();
    assertThat(broken.includes("target/webhook-hub.jar")).isTrue();
    assertThat(broken.includes("target/classes/Hub.class")).isFalse();

    DockerIgnore rules = DockerIgnore.parse("*\n!routes/\n**/*.bak\n!routes/keep.bak\nsrc/?.txt");
    assertThat(rules.includes("routes/connectors/slack.camel.yaml")).isTrue();
    assertThat(rules.includes("routes/sources/old.bak")).isFalse();
    assertThat(rules.includes("routes/keep.bak")).isTrue();
    assertThat(DockerIgnore.parse("src/?.txt").includes("src/a.txt")).isFalse();
    assertThat(DockerIgnore.parse("src/?.txt").includes("src/ab.txt")).isTrue();
    assertThat(DockerIgnore.parse("*.md").includes("docs/a.md")).isTrue();
  }

  /** Sources of {@code COPY} and {@code ADD} from the context (not {@code --from} a stage). */
  static List<String> copySources(String dockerfile) {
    List<String> sources = new ArrayList<>();
    for (String line : dockerfile.replace("\\\n", " ").split("\n")) {
      List<String> words = Arrays.asList(line.strip().split("\\s+"));
      String instruction = words.get(0).toUpperCase(java.util.Locale.ROOT);
      if (!instruction.equals("COPY") && !instruction.equals("ADD")) {
        continue;
      }
      List<String> arguments = words.subList(1, words.size());
      if (arguments.stream().anyMatch(a -> a.startsWith("--from"))) {
        continue;
      }
      List<String> paths = arguments.stream().filter(a -> !a.startsWith("--")).toList();
      sources.addAll(paths.subList(0, paths.size() - 1));
    }
    return sources;
  }

  private static List<String> filesUnder(String source) throws IOException {
    Path path = ROOT.resolve(source);
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> ROOT.relativize(f).toString().replace('\\', '/'))
          .toList();
    }
  }
}
