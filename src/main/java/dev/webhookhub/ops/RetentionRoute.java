package dev.webhookhub.ops;

import dev.webhookhub.observe.OutageNotice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the retention purge periodically. Safe on several hubs at once: deletes are idempotent. */
public final class RetentionRoute extends RouteBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionRoute.class);

  private final OutageNotice notice =
      new OutageNotice(
          LOG,
          "The retention purge cannot run, the next one will",
          "The retention purge runs again",
          Clock.systemUTC());
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
        .process(exchange -> purge());
  }

  /** A purge that fails (the database is down) is simply the next one's work. */
  private void purge() {
    try {
      purge.purgeOlderThan(Instant.now().minus(retention));
      notice.succeeded();
    } catch (Exception e) {
      notice.failed(e);
    }
  }
}
