package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      value = {
        "120                           | PT2M",
        "0                             | PT1S",
        "99999999999                   | PT6H",
        "Mon, 23 Nov 2026 12:00:30 GMT | PT30S",
        "Mon, 23 Nov 2026 11:00:00 GMT | PT1S",
        "Tue, 24 Nov 2026 12:00:00 GMT | PT6H",
        "soon                          | none",
        "-5                            | none",
      })
  void readsSecondsAndDatesWithinBounds(String header, String expected) {
    assertThat(RetryAfter.parse(header, NOW).orElse(null))
        .isEqualTo(expected == null ? null : Duration.parse(expected));
  }
}
