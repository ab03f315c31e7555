package dev.webhookhub;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.webhookhub.admin.AdminApiRoutes;
import dev.webhookhub.admin.AdminToken;
import dev.webhookhub.admin.DeliveryAdmin;
import dev.webhookhub.admin.OpenApiDocument;
import dev.webhookhub.admin.RoutesAdmin;
import dev.webhookhub.admin.SubscriptionAdmin;
import dev.webhookhub.broker.BrokerConnections;
import dev.webhookhub.broker.EmbeddedBroker;
import dev.webhookhub.coalesce.CoalescePollRoute;
import dev.webhookhub.coalesce.Coalescer;
import dev.webhookhub.coalesce.PendingEvents;
import dev.webhookhub.config.HubSettings;
import dev.webhookhub.db.HubDatabase;
import dev.webhookhub.delivery.CircuitBreakers;
import dev.webhookhub.delivery.ConnectorSender;
import dev.webhookhub.delivery.DeadLetterCopies;
import dev.webhookhub.delivery.DeadLetterRoute;
import dev.webhookhub.delivery.DeadLetters;
import dev.webhookhub.delivery.DeliveryEngine;
import dev.webhookhub.delivery.DeliveryLog;
import dev.webhookhub.delivery.DeliveryRecords;
import dev.webhookhub.delivery.DeliveryWorker;
import dev.webhookhub.delivery.DueDeliveries;
import dev.webhookhub.delivery.FanOut;
import dev.webhookhub.delivery.FanOutRecorder;
import dev.webhookhub.delivery.HttpSender;
import dev.webhookhub.delivery.RateLimiter;
import dev.webhookhub.delivery.Redelivery;
import dev.webhookhub.delivery.StageFailures;
import dev.webhookhub.delivery.connector.Connectors;
import dev.webhookhub.delivery.profile.ProfileCatalog;
import dev.webhookhub.delivery.profile.ProfileOptionException;
import dev.webhookhub.http.ProblemResponses;
import dev.webhookhub.ingest.DeclaredSources;
import dev.webhookhub.ingest.EventDeduplicator;
import dev.webhookhub.ingest.HttpSourceRoute;
import dev.webhookhub.ingest.IngestErrorHandling;
import dev.webhookhub.ingest.JmsSourceRoutes;
import dev.webhookhub.ingest.KnownSources;
import dev.webhookhub.ingest.NormaliseRoute;
import dev.webhookhub.ingest.OutboxRelay;
import dev.webhookhub.ingest.OutboxSourceRoute;
import dev.webhookhub.ingest.PublishRoute;
import dev.webhookhub.ingest.SourceAuthentication;
import dev.webhookhub.ingest.changes.ChangePollers;
import dev.webhookhub.ingest.changes.ChangePollingRoutes;
import dev.webhookhub.observe.HawtioConsole;
import dev.webhookhub.observe.HubMetrics;
import dev.webhookhub.observe.ManagementEndpoints;
import dev.webhookhub.observe.OperatorCredentials;
import dev.webhookhub.ops.DeadLetterWatch;
import dev.webhookhub.ops.DeadLetterWatchRoute;
import dev.webhookhub.ops.OperationalEvents;
import dev.webhookhub.ops.RetentionPurge;
import dev.webhookhub.ops.RetentionRoute;
import dev.webhookhub.routes.RouteFileLoader;
import dev.webhookhub.routes.RouteFiles;
import dev.webhookhub.routes.RouteFilesWatch;
import dev.webhookhub.subscription.GuardedDnsResolver;
import dev.webhookhub.subscription.InvalidSubscriptionException;
import dev.webhookhub.subscription.SecretCipher;
import dev.webhookhub.subscription.SecretsMasterKey;
import dev.webhookhub.subscription.SubscriptionJson;
import dev.webhookhub.subscription.SubscriptionMatcher;
import dev.webhookhub.subscription.SubscriptionRequestParser;
import dev.webhookhub.subscription.SubscriptionStore;
import dev.webhookhub.subscription.TargetPolicy;
import dev.webhookhub.subscription.UnsafeTargetException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

/**
 * Wires the hub: the broker and database it runs on, the beans the routes use, and the core routes.
 * Everything is built here, in start-up order, so that one read shows what depends on what.
 * Services are added to the Camel context, which stops them after the routes, in reverse.
 */
public final class HubConfiguration implements CamelConfiguration {

  /**
   * Connector attempts in flight at once: a connector sends with blocking camel-http, one thread
   * each; webhooks the hub signs itself need no thread while they wait.
   */
  private static final int CONNECTOR_THREADS = 32;

  private final HubSettings settings;

  public HubConfiguration(HubSettings settings) {
    this.settings = settings;
  }

  /**
   * camel-http's http and https components share one connection pool whose DNS resolver refuses
   * private and other forbidden addresses at connect time, so a target that passed the check at
   * create time cannot be rebound to an internal address. Redirects are never followed and no proxy
   * is configured, so nothing else resolves the target.
   */
  private static void configureHttpClients(CamelContext context, TargetPolicy targets) {
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new GuardedDnsResolver(targets))
            .setMaxConnTotal(500)
            .setMaxConnPerRoute(20)
            .build();
    for (String scheme : new String[] {"http", "https"}) {
      HttpComponent http = context.getComponent(scheme, HttpComponent.class);
      http.setClientConnectionManager(pool);
      // The hub owns retries (scheduled on the broker, recorded); HttpClient's own would resend a
      // POST after a 503 unseen, and cookies or redirects have no place in webhook delivery.
      http.setHttpClientConfigurer(
          builder ->
              builder
                  .disableAutomaticRetries()
                  .disableRedirectHandling()
                  .disableCookieManagement());
    }
  }

  /**
   * The hub's one JSON mapper, which reads what senders and operators send (ingest bodies, admin
   * requests): strict, so that a body means one thing only. Trailing content after the value is an
   * error, and so is a key given twice in one object, which readers resolve differently (the hub
   * kept the last value, a signature check or a sender's own log may keep the first).
   */
  public static ObjectMapper jsonMapper() {
    return JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  @Override
  public void configure(CamelContext context) throws Exception {
    context.getRegistry().bind("hubSettings", settings);
    ObjectMapper json = jsonMapper();

    // The database first: the master key check can refuse the start before anything else runs,
    // and services stop in reverse, so the database closes last.
    HubDatabase database = new HubDatabase(settings);
    context.addService(database, true, true);
    SecretCipher secrets;
    try {
      database.migrate();
      secrets =
          SecretsMasterKey.open(
              settings.secretsMasterKey(),
              settings.dataDir().resolve("secrets-master.key"),
              database.dataSource());
    } catch (Exception e) {
      database.stop();
      throw e;
    }
    context.getRegistry().bind("dataSource", database.dataSource());

    String brokerUrl = settings.brokerUrl().orElse(null);
    if (brokerUrl == null) {
      EmbeddedBroker broker = new EmbeddedBroker(settings);
      context.addService(broker, true, true);
      context.getRegistry().bind("embeddedBroker", broker);
      brokerUrl = broker.inVmUrl();
    }
    BrokerConnections connections =
        new BrokerConnections(
            brokerUrl, settings.brokerUser().orElse(null), settings.brokerPassword().orElse(null));
    context.addService(connections, true, true);
    context.addComponent("jms", JmsComponent.jmsComponent(connections.connectionFactory()));

    HubMetrics metrics = HubMetrics.in(context);

    KnownSources sources = new KnownSources(settings.sources(), settings::sourceSettings, json);
    EventDeduplicator deduplicator = new EventDeduplicator(database.dataSource());
    context.addService(deduplicator, true, true);
    OutboxRelay outbox =
        new OutboxRelay(
            database.dataSource(),
            context.createProducerTemplate(),
            sources,
            settings.outboxBatchSize());
    PendingEvents pendingEvents = new PendingEvents(database.dataSource(), json);
    Coalescer coalescer =
        new Coalescer(settings::coalesceRule, pendingEvents, json, Clock.systemUTC());
    context.getRegistry().bind("knownSources", sources);
    context.getRegistry().bind("eventDeduplicator", deduplicator);
    context.getRegistry().bind("outboxRelay", outbox);

    // A signed webhook profile's URL is an address; any other profile is a connector, whose URL
    // is its channel's credential.
    SubscriptionJson subscriptionJson =
        new SubscriptionJson(json, profile -> !ProfileCatalog.names().contains(profile));
    SubscriptionStore subscriptions =
        new SubscriptionStore(database.dataSource(), secrets, subscriptionJson);
    subscriptions.encryptStoredUrls();
    SubscriptionMatcher matcher =
        new SubscriptionMatcher(subscriptions, settings.subscriptionRecheck(), Clock.systemUTC());
    OperationalEvents operations =
        new OperationalEvents(
            context.createProducerTemplate(), json, settings.operationsOrganization());
    FanOutRecorder fanOut = new FanOutRecorder(database.dataSource());
    DeliveryLog deliveryLog = new DeliveryLog(database.dataSource());
    TargetPolicy targets = TargetPolicy.withAllowList(settings.allowTargets());
    RouteFiles routeFiles =
        new RouteFiles(settings.routesDir(), new RouteFileLoader(context), Clock.systemUTC());
    Connectors connectors = new Connectors(context, routeFiles);
    RouteFilesWatch routeWatch =
        new RouteFilesWatch(context, routeFiles, settings.routesReloadInterval());
    context.addService(routeWatch, true, true);
    context.addStartupListener(routeWatch);
    SubscriptionRequestParser parser =
        new SubscriptionRequestParser(
            (profile, options) -> {
              if (connectors.exists(profile)) {
                return connectors.problem(profile, options);
              }
              if (!ProfileCatalog.names().contains(profile)) {
                return SubscriptionRequestParser.ProfileCheck.UNKNOWN;
              }
              try {
                ProfileCatalog.forName(profile).checkOptions(options);
                return null;
              } catch (ProfileOptionException e) {
                return e.getMessage();
              }
            },
            url -> {
              try {
                return targets.check(url).toString();
              } catch (UnsafeTargetException e) {
                throw new InvalidSubscriptionException(e.field(), e.problem());
              }
            });
    StageFailures stageFailures = new StageFailures();
    DeadLetters deadLetters =
        DeadLetterRoute.install(context, stageFailures, database.dataSource(), deliveryLog, json);
    SubscriptionAdmin subscriptionAdmin =
        new SubscriptionAdmin(
            subscriptions,
            parser,
            subscriptionJson,
            matcher,
            fanOut,
            deadLetters,
            context.createProducerTemplate(),
            settings.secretRotationOverlap(),
            operations,
            json);
    DeliveryAdmin deliveryAdmin =
        new DeliveryAdmin(
            new DeliveryRecords(database.dataSource(), json),
            deadLetters,
            new Redelivery(
                database.dataSource(),
                context.createProducerTemplate(),
                context.createConsumerTemplate(),
                deliveryLog,
                matcher,
                json),
            subscriptions,
            json);
    context.getRegistry().bind("subscriptionStore", subscriptions);
    context.getRegistry().bind("subscriptionMatcher", matcher);
    context.getRegistry().bind("fanOutRecorder", fanOut);
    context.getRegistry().bind("targetPolicy", targets);
    context.getRegistry().bind("routeFiles", routeFiles);
    DeclaredSources declaredSources = new DeclaredSources(context, sources);
    routeFiles.onChanged(declaredSources::refresh);

    context.addRoutesConfigurations(new IngestErrorHandling());
    context.addRoutes(new PublishRoute(json));
    context.addRoutes(new NormaliseRoute(sources, deduplicator, coalescer, metrics));
    // Sub-second, so a merged event leaves at most this long after its window.
    context.addRoutes(
        new CoalescePollRoute(pendingEvents, Duration.ofMillis(250), Clock.systemUTC()));
    JmsSourceRoutes jmsSources = new JmsSourceRoutes(sources);
    context.addRoutes(jmsSources);
    // addRoutes registers the template; its instances are a separate step in Camel.
    jmsSources.addTemplatedRoutesToCamelContext(context);
    context.addRoutes(
        new HttpSourceRoute(
            sources,
            SourceAuthentication.install(settings, sources),
            settings.ingestMaxBodyBytes(),
            json));
    context.addRoutes(new OutboxSourceRoute(outbox, settings.outboxPollInterval()));
    // A template only: YAML routes under routes/sources/ create the pollers.
    ChangePollers changePollers = new ChangePollers(context, database.dataSource(), json);
    context.getRegistry().bind("changePollers", changePollers);
    context.addRoutes(new ChangePollingRoutes(sources, changePollers));
    RetentionPurge retention = new RetentionPurge(database.dataSource());
    context.getRegistry().bind("retentionPurge", retention);
    context.addRoutes(new RetentionRoute(retention, settings.retention(), Duration.ofHours(1)));
    context.addRoutes(
        new DeadLetterWatchRoute(
            new DeadLetterWatch(
                database.dataSource(),
                operations,
                settings.deadLetterCheckPeriod(),
                settings.deadLetterThreshold(),
                Clock.systemUTC()),
            settings.deadLetterCheckPeriod()));
    if (settings.fanOutConsumers() > 0) {
      context.addService(
          new FanOut(matcher, fanOut, deliveryLog, database.dataSource(), json, context)
              .consumer(
                  connections.connectionFactory(),
                  settings.fanOutConsumers(),
                  settings.fanOutBatch(),
                  stageFailures),
          true,
          true);
    }
    CircuitBreakers breakers =
        new CircuitBreakers(
            settings.breakerFailures(), settings.breakerOpenFor(), Clock.systemUTC());
    if (settings.deliveryConsumers() > 0) {
      // camel-http, guarded the same way, stays for connector routes.
      configureHttpClients(context, targets);
      DeliveryWorker worker =
          new DeliveryWorker(
              matcher,
              subscriptions,
              json,
              breakers,
              new RateLimiter(Clock.systemUTC()),
              operations,
              connectors,
              metrics);
      DeliveryEngine engine =
          new DeliveryEngine(
              new DeliveryEngine.Parts(
                  connections.unpooledConnectionFactory(),
                  connections.connectionFactory(),
                  database.dataSource(),
                  deliveryLog,
                  new DueDeliveries(database.dataSource(), json),
                  worker,
                  new HttpSender(
                      new GuardedDnsResolver(targets),
                      settings.deliveryConnectTimeout(),
                      settings.deliveryConsumers()),
                  new ConnectorSender(
                      context.createProducerTemplate(),
                      new GuardedDnsResolver(targets),
                      settings.deliveryConnectTimeout(),
                      CONNECTOR_THREADS),
                  new DeadLetterCopies(context.createProducerTemplate()),
                  settings.deliveryConsumers()));
      context.addService(engine, true, true);
      context.addStartupListener(engine);
      context.getRegistry().bind("deliveryEngine", engine);
      metrics.gauge(
          "hub.delivery.in.flight",
          "Delivery attempts in flight on this hub",
          engine.dispatcher()::inFlight);
      metrics.gauge(
          "hub.delivery.unacknowledged",
          "Delivery messages taken off hub.deliveries by this hub and not yet recorded",
          engine.dispatcher()::buffered);
    }
    AdminToken adminToken =
        AdminToken.configuredOrGenerated(settings.adminToken().orElse(null), settings.dataDir());
    context.addRoutes(
        new AdminApiRoutes(
            adminToken,
            Stream.of(
                    subscriptionAdmin.endpoints(),
                    deliveryAdmin.endpoints(),
                    new RoutesAdmin(routeFiles, connectors, json).endpoints(),
                    List.of(new OpenApiDocument().endpoint()))
                .flatMap(List::stream)
                .toList()));
    HawtioConsole.install(context, settings, adminToken);
    ManagementEndpoints.install(
        context,
        settings,
        OperatorCredentials.of(settings, adminToken),
        metrics,
        json,
        new ManagementEndpoints.Parts(
            database.dataSource(),
            connections.connectionFactory(),
            routeWatch,
            breakers,
            changePollers));

    context.addStartupListener(
        (ctx, alreadyStarted) -> {
          ProblemResponses.installServerErrorPages(
              ctx, settings.httpPort(), settings.ingestMaxBodyBytes());
          ProblemResponses.installManagementErrorPages(ctx);
        });
  }
}
