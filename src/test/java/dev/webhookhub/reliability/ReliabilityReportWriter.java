package dev.webhookhub.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: how the {@code reliability} Maven profile runs {@link ReliabilityReport} after the
 * integration tests (a failsafe execution of its own; plugins that run a main class do not resolve
 * offline here). Its name matches no test pattern, so no other run picks it up.
 */
class ReliabilityReportWriter {

  @Test
  @EnabledIfSystemProperty(named = "reliability.document", matches = ".+")
  void writeTheResultsTable() throws Exception {
    ReliabilityReport.main(
        new String[] {
          System.getProperty("reliability.rows"),
          System.getProperty("reliability.document"),
          System.getProperty("reliability.started")
        });
  }
}
