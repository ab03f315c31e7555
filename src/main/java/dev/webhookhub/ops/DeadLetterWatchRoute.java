package dev.webhookhub.ops;

import dev.webhookhub.observe.OutageNotice;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link DeadLetterWatch} once per period, shortly after each period ends. */
public final class DeadLetterWatchRoute extends RouteBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWatchRoute.class);

  private final OutageNotice notice =
      new OutageNotice(
          LOG,
          "Dead letters cannot be counted, the next check will",
          "Dead letters are counted again",
          Clock.systemUTC());
  private final DeadLetterWatch watch;
  private final Duration period;

  public DeadLetterWatchRoute(DeadLetterWatch watch, Duration period) {
    this.watch = watch;
    this.period = period;
  }

  @Override
  public void configure() {
    from("scheduler:dead-letter-watch?delay=" + period.toMillis())
        .routeId("dead-letter-watch")
        .process(exchange -> check());
  }

  /** A check that fails (the database is down) leaves its period to the next one. */
  private void check() {
    try {
      watch.check();
      notice.succeeded();
    } catch (Exception e) {
      notice.failed(e);
    }
  }
}
