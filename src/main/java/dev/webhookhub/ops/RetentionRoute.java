package dev.webhookhub.ops;

import java.time.Duration;
import java.time.Instant;
import org.apache.camel.builder.RouteBuilder;

/** Runs the retention purge periodically. Safe on several hubs at once: deletes are idempotent. */
public final class RetentionRoute extends RouteBuilder {

  private final RetentionPurge purge;
  private final Duration retention;
  private final Duration every;

  public RetentionRoute(RetentionPurge purge, Duration retention, Duration every) {
    this.purge = purge;
    this.retention = retention;
    this.every = every;
  }

  @Override
  public void configure() {
    from("scheduler:retention?initialDelay=60000&delay=" + every.toMillis())
        .routeId("retention")
        .process(exchange -> purge.purgeOlderThan(Instant.now().minus(retention)));
  }
}
