package dev.webhookhub.coalesce;

import dev.webhookhub.ingest.Ingest;
import dev.webhookhub.observe.OutageNotice;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes merged events whose window has ended, through the same publish step as every other
 * event. It runs on every hub, whether or not its own sources coalesce: rows may have been left by
 * another instance, or by this one before coalescing was switched off.
 */
public final class CoalescePollRoute extends RouteBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(CoalescePollRoute.class);

  private final OutageNotice notice =
      new OutageNotice(
          LOG,
          "Coalesced events cannot be published yet, they wait",
          "Coalesced events are published again",
          Clock.systemUTC());

  /** Rows claimed per transaction; a larger backlog drains in consecutive rounds. */
  private static final int BATCH = 100;

  private final PendingEvents pending;
  private final Duration interval;
  private final Clock clock;

  /**
   * @param interval pause between polls, which is how late after its window a merged event may
   *     leave
   */
  public CoalescePollRoute(PendingEvents pending, Duration interval, Clock clock) {
    this.pending = pending;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public void configure() {
    ProducerTemplate producer = getContext().createProducerTemplate();
    // The scheduler component, as the outbox poller: camel-timer is not on the hub's classpath.
    from("scheduler:coalesce?useFixedDelay=true&delay=" + interval.toMillis())
        .routeId("coalesce-poll")
        .process(exchange -> publishDue(producer));
  }

  private void publishDue(ProducerTemplate producer) {
    try {
      int published;
      do {
        published =
            pending.publishDue(
                clock.instant(),
                BATCH,
                envelope -> {
                  Exchange result =
                      producer.send(Ingest.PUBLISH, e -> e.getMessage().setBody(envelope));
                  if (result.getException() != null) {
                    throw result.getException();
                  }
                });
      } while (published == BATCH);
      notice.succeeded();
    } catch (Exception e) {
      // The rows stay claimed by nobody and are tried again next round.
      notice.failed(e);
    }
  }
}
