package dev.webhookhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route patterns: a hub must start in a directory without routes/ (camel-main would not). */
class HubTest {

  @TempDir Path dir;

  private static String patternsAfterCheck(String patterns) {
    Properties camel = new Properties();
    camel.setProperty(Hub.ROUTES_INCLUDE_PATTERN, patterns);
    return Hub.withoutMissingRouteDirectories(camel).getProperty(Hub.ROUTES_INCLUDE_PATTERN);
  }

  @Test
  void missingRoutesDirectoryMeansNoRoutes() {
    assertThat(patternsAfterCheck("file:" + dir + "/routes/**/*.camel.yaml")).isEqualTo("false");
  }

  @Test
  void existingRoutesDirectoryIsKept() throws Exception {
    Files.createDirectories(dir.resolve("routes"));
    String pattern = "file:" + dir + "/routes/**/*.camel.yaml";

    assertThat(patternsAfterCheck(pattern)).isEqualTo(pattern);
  }

  @Test
  void onlyTheMissingFilePatternIsDropped() {
    assertThat(patternsAfterCheck("classpath:camel/*, file:" + dir + "/nothing/*.yaml"))
        .isEqualTo("classpath:camel/*");
  }

  @Test
  void withoutPatternCamelKeepsItsDefault() {
    assertThat(Hub.withoutMissingRouteDirectories(new Properties())).isEmpty();
  }
}
