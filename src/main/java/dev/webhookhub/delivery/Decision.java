package dev.webhookhub.delivery;

import dev.webhookhub.delivery.DeliveryLog.Status;
import dev.webhookhub.subscription.Subscription;
import java.time.Instant;

/**
 * What the worker decided for one delivery message. {@link DeliveryWorker#prepare} answers {@link
 * Deliver}, {@link Done} or {@link Deferred}; {@link DeliveryWorker#conclude}, after the attempt,
 * {@link Done}, {@link RetryAt} or {@link Dead}. The dispatcher and the recorder act on it.
 */
public sealed interface Decision {

  /** Send it now: an attempt, to this subscription as it is now. */
  record Deliver(Subscription subscription, Instant startedAt) implements Decision {}

  /**
   * Nothing more to do: delivered, or decided without an attempt (the subscription was deleted or
   * is disabled).
   */
  record Done(Status status, String reason) implements Decision {}

  /**
   * Not sent now and not an attempt, so no retry is spent: it waits until {@code until} (an open
   * circuit, a rate limit).
   *
   * @param rateSlot the rate-limit slot reserved for it, or null
   */
  record Deferred(Instant until, Instant rateSlot, String reason) implements Decision {}

  /** The attempt failed; the next one is due at {@code at}. */
  record RetryAt(Instant at) implements Decision {}

  /**
   * The attempt failed for good (retries exhausted, or 410 Gone): the delivery is parked on {@code
   * hub.dead}.
   *
   * @param disableReason why the subscription is disabled with it, or null to leave it enabled
   */
  record Dead(String error, String disableReason) implements Decision {}
}
