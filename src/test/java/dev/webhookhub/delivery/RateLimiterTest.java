package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookhub.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RateLimiter limiter = new RateLimiter(clock);

  @Test
  void handsOutSlotsAtTheRateInOrder() {
    assertThat(limiter.reserve("s", 4, null)).as("the first goes now").isNull();
    Instant second = limiter.reserve("s", 4, null);
    Instant third = limiter.reserve("s", 4, null);
    assertThat(second).isEqualTo(clock.instant().plusMillis(250));
    assertThat(third).isEqualTo(clock.instant().plusMillis(500));
    assertThat(limiter.reserve("other", 4, null)).as("per subscription").isNull();

    // A deferred delivery coming back in its slot goes through without taking another.
    clock.set(second);
    assertThat(limiter.reserve("s", 4, second)).isNull();
    assertThat(limiter.reserve("s", 4, null)).isEqualTo(clock.instant().plusMillis(500));

    // After a quiet spell the next one goes at once.
    clock.advance(Duration.ofSeconds(10));
    assertThat(limiter.reserve("s", 4, null)).isNull();
  }
}
