package dev.webhookhub.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * How a part that keeps retrying through an outage (of the broker, of the database) tells the
 * operator: one WARN line when it starts failing, one a minute while it goes on, one when it works
 * again. The failures in between say nothing new and log at DEBUG (issue 12: an outage logged
 * thousands of stack-trace lines).
 */
public final class OutageNotice {

  /** How often an outage is reported again while it lasts. */
  static final Duration REMINDER = Duration.ofMinutes(1);

  private final Logger log;
  private final String lost;
  private final String back;
  private final Clock clock;
  private Instant lostAt;
  private Instant remindedAt;

  /**
   * @param lost what the first line says, e.g. "Broker tcp://… cannot be reached"
   * @param back what the last line says, e.g. "Broker tcp://… reached again"
   */
  public OutageNotice(Logger log, String lost, String back, Clock clock) {
    this.log = log;
    this.lost = lost;
    this.back = back;
    this.clock = clock;
  }

  public synchronized void failed(Throwable cause) {
    Instant now = clock.instant();
    if (lostAt == null) {
      lostAt = now;
      remindedAt = now;
      log.warn("{} ({})", lost, describe(cause));
    } else if (Duration.between(remindedAt, now).compareTo(REMINDER) >= 0) {
      remindedAt = now;
      log.warn(
          "{}, for {} s now ({})",
          lost,
          Duration.between(lostAt, now).toSeconds(),
          describe(cause));
    } else {
      log.debug("{} ({})", lost, describe(cause));
    }
  }

  public synchronized void succeeded() {
    if (lostAt != null) {
      log.warn("{} after {} s", back, Duration.between(lostAt, clock.instant()).toSeconds());
      lostAt = null;
    }
  }

  /** Whether the last try failed. */
  public synchronized boolean failing() {
    return lostAt != null;
  }

  /** The root cause on one line: a broker's error can carry a whole stack trace in its message. */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage().strip();
    int end = message.indexOf('\n');
    return root.getClass().getSimpleName()
        + (message.isEmpty() ? "" : ": " + (end < 0 ? message : message.substring(0, end)));
  }
}
