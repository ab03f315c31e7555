package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookhub.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final CircuitBreakers breakers = new CircuitBreakers(3, Duration.ofSeconds(30), clock);

  @Test
  void opensAfterTheThresholdAndProbesWhenTheTimeIsUp() {
    assertThat(breakers.failed("s")).isFalse();
    assertThat(breakers.failed("s")).isFalse();
    assertThat(breakers.openUntil("s")).isEmpty();
    assertThat(breakers.failed("s")).isTrue();
    assertThat(breakers.openUntil("s")).contains(clock.instant().plusSeconds(30));
    assertThat(breakers.openUntil("other")).as("per subscription").isEmpty();

    clock.advance(Duration.ofSeconds(30));
    assertThat(breakers.openUntil("s")).as("half-open: the next delivery probes").isEmpty();
    assertThat(breakers.failed("s")).as("a failed probe opens it again at once").isTrue();
    assertThat(breakers.openUntil("s")).contains(clock.instant().plusSeconds(30));

    clock.advance(Duration.ofSeconds(30));
    breakers.succeeded("s");
    assertThat(breakers.openUntil("s")).isEmpty();
    assertThat(breakers.failed("s")).as("a success resets the count").isFalse();
  }

  @Test
  void successesBetweenFailuresKeepItClosed() {
    for (int i = 0; i < 10; i++) {
      breakers.failed("s");
      breakers.failed("s");
      breakers.succeeded("s");
    }
    assertThat(breakers.openUntil("s")).isEmpty();
  }
}
