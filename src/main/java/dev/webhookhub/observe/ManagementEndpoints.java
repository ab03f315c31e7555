package dev.webhookhub.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.config.HubSettings;
import dev.webhookhub.delivery.CircuitBreakers;
import dev.webhookhub.ingest.changes.ChangePollers;
import dev.webhookhub.routes.RouteFilesWatch;
import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-main's management server as the hub uses it: {@code /observe/health} (with {@code /live}
 * and {@code /ready}), {@code /observe/metrics} (Prometheus) and {@code /observe/jolokia}
 * (restricted by {@code jolokia-access.xml}) on {@code hub.management.host}:{@code port}. Camel
 * serves them all; the hub adds its readiness checks, its {@code hub_…} gauges, and HTTP Basic on
 * metrics and Jolokia when the server listens beyond localhost.
 */
public final class ManagementEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementEndpoints.class);

  static final String HEALTH_PATH = "/observe/health";
  static final String METRICS_PATH = "/observe/metrics";
  static final String JOLOKIA_PATH = "/observe/jolokia";

  /** How often the gauges that need the broker or the database are read again. */
  private static final Duration REFRESH = Duration.ofSeconds(5);

  /** Longest a readiness probe of the broker or database may take before it counts as DOWN. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  /** What the hub's readiness and gauges read. */
  public record Parts(
      DataSource dataSource,
      ConnectionFactory broker,
      RouteFilesWatch routeFiles,
      CircuitBreakers breakers,
      ChangePollers changePollers) {}

  private ManagementEndpoints() {}

  /** camel-main's own options for its management server, health checks and metrics. */
  public static Properties camelProperties(HubSettings settings) {
    Properties camel = new Properties();
    camel.setProperty("camel.management.enabled", "true");
    camel.setProperty("camel.management.host", settings.managementHost());
    camel.setProperty("camel.management.port", String.valueOf(settings.managementPort()));
    camel.setProperty("camel.management.healthCheckEnabled", "true");
    camel.setProperty("camel.management.healthPath", HEALTH_PATH);
    camel.setProperty("camel.management.metricsEnabled", "true");
    camel.setProperty("camel.management.jolokiaEnabled", "true");
    camel.setProperty("camel.management.jolokiaPath", JOLOKIA_PATH);
    camel.setProperty("camel.metrics.enabled", "true");
    camel.setProperty("camel.metrics.path", METRICS_PATH);
    camel.setProperty("camel.metrics.binders", "jvm-memory,jvm-gc,jvm-thread,processor,uptime");
    // Health checks start DOWN: nothing is ready until Camel has checked it.
    camel.setProperty("camel.health.initialState", "down");
    return camel;
  }

  /** Whether metrics and Jolokia need the operator's credentials on this host. */
  static boolean needsCredentials(String host) {
    return !HubSettings.isLoopback(host);
  }

  public static void install(
      CamelContext context,
      HubSettings settings,
      OperatorCredentials credentials,
      HubMetrics metrics,
      ObjectMapper json,
      Parts parts)
      throws Exception {
    if (needsCredentials(settings.managementHost())) {
      ManagementAuthentication.require(
          context, credentials, List.of(METRICS_PATH + "*", JOLOKIA_PATH + "*"));
      LOG.info(
          "Management server on {}:{}: metrics and Jolokia ask for user '{}' (HTTP Basic)",
          settings.managementHost(),
          settings.managementPort(),
          settings.hawtioUser());
    }

    QueueDepths queues = new QueueDepths(parts.broker(), json, PROBE_TIMEOUT);
    DatabaseFacts database = new DatabaseFacts(parts.dataSource());
    HealthCheckRegistry health = HealthCheckRegistry.get(context);
    health.register(
        new ReadinessCheck(
            "routes-files",
            () -> parts.routeFiles().loaded() ? null : "the routes directory is not loaded yet"));
    TimeBoxedProbe databaseProbe =
        new TimeBoxedProbe(
            context.getExecutorServiceManager().newSingleThreadExecutor(health, "hub-db-check"),
            PROBE_TIMEOUT);
    health.register(
        new ReadinessCheck(
            "database",
            () -> databaseProbe.call(database::answers) ? null : "the database is not valid"));
    TimeBoxedProbe brokerProbe =
        new TimeBoxedProbe(
            context.getExecutorServiceManager().newSingleThreadExecutor(health, "hub-broker-check"),
            PROBE_TIMEOUT);
    health.register(
        new ReadinessCheck(
            "broker",
            () -> {
              try {
                brokerProbe.call(queues::read);
              } catch (QueueDepths.BrokerRefusedException refused) {
                // It answered: reachable, only not willing to list queues to this user.
              }
              return null;
            }));

    metrics.gauge(
        "hub.circuit.breakers.open",
        "Subscriptions whose circuit breaker is open in this instance",
        parts.breakers()::openCount);
    AtomicLong disabled = new AtomicLong();
    AtomicLong dead = new AtomicLong();
    metrics.gauge("hub.subscriptions.disabled", "Disabled subscriptions", disabled::get);
    metrics.gauge(
        "hub.dead.letters", "Deliveries that went dead (see /api/dead-letters)", dead::get);
    Refresher refresher =
        new Refresher(metrics, queues, database, parts.changePollers(), disabled, dead);
    // From start-up on, when the broker and the database run.
    context.addStartupListener(
        (ctx, alreadyStarted) -> {
          ScheduledExecutorService executor =
              ctx.getExecutorServiceManager()
                  .newSingleThreadScheduledExecutor(metrics, "hub-metrics");
          executor.scheduleWithFixedDelay(
              refresher::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        });
  }

  /**
   * Reads what the gauges show from the broker and the database, every few seconds rather than at
   * every scrape, so a scraper never waits on them and never adds load beyond that.
   */
  private static final class Refresher {
    private final HubMetrics metrics;
    private final QueueDepths queues;
    private final DatabaseFacts database;
    private final ChangePollers changePollers;
    private final AtomicLong disabled;
    private final AtomicLong dead;
    private boolean queuesRefused;

    Refresher(
        HubMetrics metrics,
        QueueDepths queues,
        DatabaseFacts database,
        ChangePollers changePollers,
        AtomicLong disabled,
        AtomicLong dead) {
      this.metrics = metrics;
      this.queues = queues;
      this.database = database;
      this.changePollers = changePollers;
      this.disabled = disabled;
      this.dead = dead;
    }

    void refresh() {
      try {
        metrics.queueDepths(queues.read());
      } catch (QueueDepths.BrokerRefusedException e) {
        if (!queuesRefused) {
          queuesRefused = true;
          LOG.warn(
              "The broker refuses to list its queues, so hub_queue_depth stays empty; give the"
                  + " hub's broker user the manage permission on activemq.management: {}",
              e.getMessage());
        }
      } catch (Exception e) {
        LOG.debug("Queue depths not read: {}", e.toString());
      }
      try {
        DatabaseFacts.Counts counts = database.read();
        disabled.set(counts.disabledSubscriptions());
        dead.set(counts.deadLetters());
      } catch (Exception e) {
        LOG.debug("Database counts not read: {}", e.toString());
      }
      Instant now = Instant.now();
      Map<String, Double> lag = new TreeMap<>();
      changePollers
          .lastPolls()
          .forEach(
              (poller, last) -> lag.put(poller, Duration.between(last, now).toMillis() / 1000.0));
      metrics.changePollLag(lag);
    }
  }
}
