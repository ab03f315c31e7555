package dev.webhookhub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces a subscription's deliveries to at most {@code n} per second by handing out time slots. A
 * delivery that must wait is put back on the broker for its slot rather than held in a consumer
 * thread, and carries the slot so that it is let through when it comes back. Slots are handed out
 * in processing order, so the subscription's order is kept.
 *
 * <p>Per hub instance: with several instances consuming one subscription's group in turn the limit
 * is per instance, which errs on the side of the receiver only when one instance does the work.
 */
public final class RateLimiter {

  /** A slot this close to now counts as now: scheduling it would cost more than it saves. */
  static final Duration TOLERANCE = Duration.ofMillis(5);

  private final Map<String, Instant> nextSlot = new ConcurrentHashMap<>();
  private final Clock clock;

  public RateLimiter(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param perSecond the subscription's limit
   * @param reserved the slot the delivery already holds, or {@code null}
   * @return the slot to wait for, or {@code null} if it may be sent now
   */
  public Instant reserve(String subscriptionId, int perSecond, Instant reserved) {
    Instant now = clock.instant();
    if (reserved != null && !reserved.isAfter(now.plus(TOLERANCE))) {
      return null;
    }
    Duration interval = Duration.ofNanos(1_000_000_000L / perSecond);
    Instant[] slot = new Instant[1];
    nextSlot.compute(
        subscriptionId,
        (id, next) -> {
          slot[0] = next == null || next.isBefore(now) ? now : next;
          return slot[0].plus(interval);
        });
    return slot[0].isAfter(now.plus(TOLERANCE)) ? slot[0] : null;
  }
}
