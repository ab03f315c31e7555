package dev.webhookhub.ops;

import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;

/** Runs the {@link DeadLetterWatch} once per period, shortly after each period ends. */
public final class DeadLetterWatchRoute extends RouteBuilder {

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
        .process(exchange -> watch.check());
  }
}
