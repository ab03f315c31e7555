package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final RateLimiter limiter =
      new RateLimiter(
          new Clock() {
            @Override
            public ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now;
            }
          });

  @Test
  void handsOutSlotsAtTheRateInOrder() {
    assertThat(limiter.reserve("s", 4, null)).as("the first goes now").isNull();
    Instant second = limiter.reserve("s", 4, null);
    Instant third = limiter.reserve("s", 4, null);
    assertThat(second).isEqualTo(now.plusMillis(250));
    assertThat(third).isEqualTo(now.plusMillis(500));
    assertThat(limiter.reserve("other", 4, null)).as("per subscription").isNull();

    // A deferred delivery coming back in its slot goes through without taking another.
    now = second;
    assertThat(limiter.reserve("s", 4, second)).isNull();
    assertThat(limiter.reserve("s", 4, null)).isEqualTo(now.plusMillis(500));

    // After a quiet spell the next one goes at once.
    now = now.plusSeconds(10);
    assertThat(limiter.reserve("s", 4, null)).isNull();
  }
}
