package dev.webhookhub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per subscription. After {@code threshold} failed attempts in a row the
 * circuit opens: the subscription's deliveries are put back on the broker for later without calling
 * the endpoint, so a hanging receiver stops occupying a consumer that healthy subscriptions need.
 * When the open time is over, the next delivery is the probe: success closes the circuit, failure
 * opens it again.
 *
 * <p>The state is per hub instance and in memory on purpose: it is a fast-path guess about an
 * endpoint, rebuilt within {@code threshold} attempts after a restart; the deliveries themselves
 * wait on the broker.
 *
 * <p>Every opening and every closing is logged (WARN, INFO): it is the moment an operator wants to
 * know that a receiver went down or came back.
 */
public final class CircuitBreakers {

  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakers.class);

  private record State(int failures, Instant openUntil) {}

  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final int threshold;
  private final Duration openFor;
  private final Clock clock;

  public CircuitBreakers(int threshold, Duration openFor, Clock clock) {
    this.threshold = threshold;
    this.openFor = openFor;
    this.clock = clock;
  }

  /**
   * @return until when the subscription's circuit is open, or empty if it may be called
   */
  public Optional<Instant> openUntil(String subscriptionId) {
    State state = states.get(subscriptionId);
    if (state == null
        || state.openUntil() == null
        || !clock.instant().isBefore(state.openUntil())) {
      return Optional.empty();
    }
    return Optional.of(state.openUntil());
  }

  /** How many subscriptions' circuits are open now. */
  public int openCount() {
    int open = 0;
    for (String subscriptionId : states.keySet()) {
      if (openUntil(subscriptionId).isPresent()) {
        open++;
      }
    }
    return open;
  }

  public void succeeded(String subscriptionId) {
    State was = states.remove(subscriptionId);
    if (was != null && was.openUntil() != null) {
      LOG.info(
          "Circuit closed: subscription={} delivered again after {} failed attempts in a row",
          subscriptionId,
          was.failures());
    }
  }

  /**
   * @return true if this failure opened the circuit
   */
  public boolean failed(String subscriptionId) {
    State next =
        states.merge(
            subscriptionId,
            new State(1, null),
            (old, one) -> new State(old.failures() + 1, old.openUntil()));
    if (next.failures() >= threshold) {
      Instant until = clock.instant().plus(openFor);
      states.put(subscriptionId, new State(next.failures(), until));
      LOG.warn(
          "Circuit opened: subscription={} after {} failed attempts in a row; its deliveries wait"
              + " until {} without calling the endpoint",
          subscriptionId,
          next.failures(),
          until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      return true;
    }
    return false;
  }
}
