package dev.webhookhub.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * The hub's own meters, named {@code hub_…}, in the Prometheus registry that Camel's metrics use
 * too, so that {@code /observe/metrics} serves both. The stages count through the methods here;
 * {@link ManagementEndpoints} binds the gauges that read the hub's state. This class knows no
 * stage, so any stage may use it without an import cycle.
 */
public final class HubMetrics {

  private final MeterRegistry registry;
  private final MultiGauge queueDepths;
  private final MultiGauge changePollLag;

  private HubMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.queueDepths =
        MultiGauge.builder("hub.queue.depth")
            .description("Messages waiting in each hub.* queue of the broker")
            .register(registry);
    this.changePollLag =
        MultiGauge.builder("hub.change.poll.lag")
            .description("Seconds since each change poller last finished a poll")
            .baseUnit("seconds")
            .register(registry);
  }

  /**
   * The hub's meters in the context's meter registry. camel-micrometer takes a registry it finds in
   * the Camel registry, so binding one here (when Camel has not made one yet) gives both the same.
   */
  public static HubMetrics in(CamelContext context) {
    MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
    if (registry == null) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      context.getRegistry().bind("prometheusMeterRegistry", registry);
    }
    return new HubMetrics(registry);
  }

  /** For tests of a single stage: meters that go nowhere but can be read back. */
  public static HubMetrics of(MeterRegistry registry) {
    return new HubMetrics(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * One delivery attempt ended.
   *
   * @param outcome delivered, retrying (another attempt is scheduled) or dead
   */
  public void attempt(String profile, String outcome, Duration took) {
    Counter.builder("hub.deliveries")
        .description("Delivery attempts by outcome (delivered, retrying, dead) and profile")
        .tags("outcome", outcome, "profile", profile)
        .register(registry)
        .increment();
    Timer.builder("hub.delivery.attempt")
        .description("Duration of delivery attempts, from request to answer or error")
        .tags("profile", profile)
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(took);
  }

  /** An event dropped because its id was already published. */
  public void duplicate(String source) {
    Counter.builder("hub.ingest.duplicates")
        .description("Events dropped as duplicates, by source")
        .tags("source", String.valueOf(source))
        .register(registry)
        .increment();
  }

  /** A message that could not become an event (malformed, or missing what the source needs). */
  public void invalidInput(String source) {
    Counter.builder("hub.ingest.invalid")
        .description("Messages refused as invalid, by source")
        .tags("source", String.valueOf(source))
        .register(registry)
        .increment();
  }

  /** A gauge read at every scrape; {@code value} must be cheap (in memory, or cached). */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** Replaces the queue-depth gauges: one per queue name. */
  public void queueDepths(Map<String, Long> depths) {
    queueDepths.register(rows("queue", depths), true);
  }

  /** Replaces the change-polling lag gauges: seconds by poller id. */
  public void changePollLag(Map<String, Double> lagSeconds) {
    changePollLag.register(rows("poller", lagSeconds), true);
  }

  private static List<MultiGauge.Row<?>> rows(String tag, Map<String, ? extends Number> values) {
    return values.entrySet().stream()
        .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of(tag, e.getKey()), e.getValue()))
        .toList();
  }
}
