package dev.webhookhub.config;

import dev.webhookhub.coalesce.CoalesceRule;
import dev.webhookhub.envelope.DateOrder;
import dev.webhookhub.envelope.NormaliserCatalog;
import dev.webhookhub.envelope.SourceSettings;
import dev.webhookhub.signature.StandardWebhooksSignature;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The hub's typed configuration. Values come from {@code config/application.properties}, each key
 * overridable by an environment variable of the same name in upper case with dots and dashes as
 * underscores ({@code hub.http-port} → {@code HUB_HTTP_PORT}). Every value is checked here, at
 * start-up, so that a typo fails fast with the key's name instead of surfacing later as a broken
 * route.
 */
public final class HubSettings {

  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** Host names that reach this machine only; anything else may be reachable from outside. */
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  /** Shortest ingest token accepted: long enough that guessing it over HTTP is hopeless. */
  static final int MIN_TOKEN_LENGTH = 16;

  private final ConfigValues values;
  private final Path dataDir;
  private final String httpHost;
  private final int httpPort;
  private final Optional<String> brokerUrl;
  private final String brokerHost;
  private final int brokerPort;
  private final Optional<String> brokerUser;
  private final Optional<String> brokerPassword;
  private final Optional<String> brokerProducerUser;
  private final Optional<String> brokerProducerPassword;
  private final Optional<String> dbUrl;
  private final Optional<String> dbUser;
  private final Optional<String> dbPassword;
  private final int dbPoolSize;
  private final long ingestMaxBodyBytes;
  private final Duration outboxPollInterval;
  private final int outboxBatchSize;
  private final Map<String, SourceSettings> sources;
  private final Map<String, CoalesceRule> coalescing;

  /** Rules already read, by source: asked for on every event, and settings never change. */
  private final Map<String, Optional<CoalesceRule>> coalesceRules =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Optional<String> adminToken;
  private final Optional<String> secretsMasterKey;
  private final Duration secretRotationOverlap;
  private final String allowTargets;
  private final int fanOutConsumers;
  private final int fanOutBatch;
  private final Duration subscriptionRecheck;
  private final int deliveryConsumers;
  private final Duration deliveryConnectTimeout;
  private final Duration retention;
  private final Path routesDir;
  private final Duration deadLetterCheckPeriod;
  private final int deadLetterThreshold;
  private final Duration routesReloadInterval;
  private final int breakerFailures;
  private final Duration breakerOpenFor;
  private final String operationsOrganization;
  private final String logFormat;
  private final String managementHost;
  private final int managementPort;
  private final boolean hawtioEnabled;
  private final String hawtioHost;
  private final int hawtioPort;
  private final String hawtioUser;
  private final Optional<String> hawtioPassword;
  private final boolean hawtioAuth;

  private HubSettings(ConfigValues values) {
    this.values = values;
    this.dataDir = Path.of(values.required("hub.data-dir"));
    this.httpHost = values.required("hub.http-host");
    this.httpPort = values.port("hub.http-port");
    this.brokerUrl = values.optional("hub.broker.url").map(url -> brokerUrl(values, url));
    this.brokerHost = values.required("hub.broker.host");
    this.brokerPort = values.port("hub.broker.port");
    this.brokerUser = values.optional("hub.broker.user");
    this.brokerPassword = values.optional("hub.broker.password");
    this.brokerProducerUser = values.optional("hub.broker.producer-user");
    this.brokerProducerPassword = values.optional("hub.broker.producer-password");
    checkBrokerCredentials();
    this.dbUrl = values.optional("hub.db.url").map(url -> jdbcUrl(values, url));
    this.dbUser = values.optional("hub.db.user");
    this.dbPassword = values.optional("hub.db.password");
    this.dbPoolSize = values.integer("hub.db.pool-size", 1, 500);
    this.ingestMaxBodyBytes = values.integer("hub.ingest.max-body-bytes", 1, Integer.MAX_VALUE);
    this.outboxPollInterval = values.duration("hub.outbox.poll-interval");
    this.outboxBatchSize = values.integer("hub.outbox.batch-size", 1, 10_000);
    this.sources = parseSources(values);
    this.coalescing = parseCoalescing(values, sources.keySet());
    this.adminToken = values.optional("hub.admin.token");
    adminToken
        .filter(t -> t.length() < 24)
        .ifPresent(
            t -> {
              throw new InvalidSettingException(
                  "hub.admin.token", "must be at least 24 characters long");
            });
    this.secretsMasterKey = values.optional("hub.secrets.master-key");
    this.secretRotationOverlap = values.duration("hub.secrets.rotation-overlap");
    this.allowTargets = values.optional("hub.allow-targets").orElse("");
    this.fanOutConsumers = values.integer("hub.fanout.consumers", 0, 64);
    this.fanOutBatch = values.integer("hub.fanout.batch-size", 1, 1000);
    this.subscriptionRecheck = values.duration("hub.subscriptions.recheck-interval");
    this.deliveryConsumers = values.integer("hub.delivery.consumers", 0, 500);
    this.deliveryConnectTimeout = values.duration("hub.delivery.connect-timeout");
    this.retention = values.duration("hub.retention");
    this.routesDir = Path.of(values.required("hub.routes.dir"));
    this.deadLetterCheckPeriod = values.duration("hub.ops.dead-letters.check-period");
    this.deadLetterThreshold = values.integer("hub.ops.dead-letters.threshold", 1, 1_000_000);
    this.routesReloadInterval = values.duration("hub.routes.reload-interval");
    this.breakerFailures = values.integer("hub.delivery.breaker.failures", 1, 1000);
    this.breakerOpenFor = values.duration("hub.delivery.breaker.open-for");
    this.operationsOrganization = values.required("hub.ops.organization-id");
    this.logFormat = values.required("hub.log.format");
    if (!logFormat.equals("plain") && !logFormat.equals("json")) {
      throw new InvalidSettingException(
          "hub.log.format", "has the invalid value '" + logFormat + "': expected plain or json");
    }
    this.managementHost = values.required("hub.management.host");
    this.managementPort = values.port("hub.management.port");
    this.hawtioEnabled = values.bool("hub.hawtio.enabled");
    this.hawtioHost = values.required("hub.hawtio.host");
    this.hawtioPort = values.port("hub.hawtio.port");
    this.hawtioUser = values.required("hub.hawtio.user");
    this.hawtioPassword = values.optional("hub.hawtio.password");
    this.hawtioAuth = values.bool("hub.hawtio.auth");
  }

  /**
   * Settings for a real run: the packaged defaults, then {@code config/application.properties} in
   * the working directory if there is one, then the process environment.
   */
  public static HubSettings fromEnvironment() {
    return load(ConfigFiles.read(), System.getenv(), Map.of());
  }

  /** Reads defaults and files, then the environment, then explicit overrides (highest). */
  public static HubSettings load(
      Properties fileValues, Map<String, String> environment, Map<String, String> overrides) {
    return new HubSettings(new ConfigValues(fileValues, environment, overrides));
  }

  private static String brokerUrl(ConfigValues values, String url) {
    // The Artemis core client's schemes; amqp:// is for other clients, TLS is tcp://…?sslEnabled.
    if (!url.matches("(tcp|vm|udp|jgroups)://.+|\\(.+\\).*")) {
      throw values.invalid(
          "hub.broker.url",
          url,
          "expected an Artemis core URL such as tcp://broker:61616 or (tcp://a:61616,tcp://b:61616)");
    }
    return url;
  }

  private static String jdbcUrl(ConfigValues values, String url) {
    if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw values.invalid(
          "hub.db.url", url, "expected jdbc:postgresql://host:5432/db (or a jdbc:h2: URL)");
    }
    return url;
  }

  private static Map<String, SourceSettings> parseSources(ConfigValues values) {
    Map<String, SourceSettings> sources = new LinkedHashMap<>();
    for (String entry : values.list("hub.sources")) {
      String[] nameAndNormaliser = entry.split(":", 2);
      String name = nameAndNormaliser[0].trim();
      String normaliser = nameAndNormaliser.length == 2 ? nameAndNormaliser[1].trim() : name;
      if (!isValidSourceName(name)) {
        throw values.invalid(
            "hub.sources", entry, "a source name is lower case letters, digits, '-' or '_'");
      }
      if (!NormaliserCatalog.names().contains(normaliser)) {
        throw values.invalid(
            "hub.sources",
            entry,
            "unknown normaliser '"
                + normaliser
                + "'; write name:normaliser with one of "
                + new TreeSet<>(NormaliserCatalog.names()));
      }
      sources.put(name, sourceSettings(values, name, normaliser));
    }
    return Collections.unmodifiableMap(sources);
  }

  /** Sources with {@code coalesce-window} set; {@code coalesce-by} alone is a mistake. */
  private static Map<String, CoalesceRule> parseCoalescing(
      ConfigValues values, Iterable<String> sources) {
    Map<String, CoalesceRule> rules = new LinkedHashMap<>();
    for (String name : sources) {
      coalesceRule(values, name).ifPresent(rule -> rules.put(name, rule));
    }
    return Collections.unmodifiableMap(rules);
  }

  private static Optional<CoalesceRule> coalesceRule(ConfigValues values, String name) {
    String windowKey = "hub.source." + name + ".coalesce-window";
    String byKey = "hub.source." + name + ".coalesce-by";
    Optional<String> by = values.optional(byKey);
    if (values.optional(windowKey).isEmpty()) {
      by.ifPresent(
          text -> {
            throw values.invalid(byKey, text, "takes effect only with " + windowKey + " set");
          });
      return Optional.empty();
    }
    Duration window = values.duration(windowKey);
    List<String> pointers =
        by.map(text -> Arrays.stream(text.split(",")).map(String::trim).toList())
            .orElse(CoalesceRule.DEFAULT_KEY);
    try {
      if (pointers.stream().anyMatch(p -> !p.startsWith("/"))) {
        throw new IllegalArgumentException("not a JSON pointer");
      }
      return Optional.of(new CoalesceRule(window, pointers));
    } catch (IllegalArgumentException e) {
      throw values.invalid(
          byKey,
          by.orElse(""),
          "expected JSON pointers into the envelope, comma-separated, such as"
              + " /data/{family}Id or /locationId,/data/contactId");
    }
  }

  private static SourceSettings sourceSettings(
      ConfigValues values, String name, String normaliser) {
    String prefix = "hub.source." + name + ".";
    SourceSettings defaults = SourceSettings.defaults(name, normaliser);
    return new SourceSettings(
        name,
        normaliser,
        values.optional(prefix + "organization-id").orElse(null),
        values
            .optional(prefix + "zone")
            .map(z -> zone(values, prefix + "zone", z))
            .orElse(defaults.zone()),
        values
            .optional(prefix + "date-order")
            .map(o -> dateOrder(values, prefix + "date-order", o))
            .orElse(defaults.dateOrder()));
  }

  /** Whether {@code name} may name a source: it becomes part of queue names and URL paths. */
  public static boolean isValidSourceName(String name) {
    return name != null && SOURCE_NAME.matcher(name).matches();
  }

  private static ZoneId zone(ConfigValues values, String key, String text) {
    try {
      return ZoneId.of(text);
    } catch (RuntimeException e) {
      throw values.invalid(key, text, "expected a zone id such as UTC or Europe/Berlin");
    }
  }

  private static DateOrder dateOrder(ConfigValues values, String key, String text) {
    try {
      return DateOrder.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw values.invalid(key, text, "expected one of MDY, DMY, YMD");
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public String httpHost() {
    return httpHost;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The external broker's URL; empty means the hub starts its own embedded broker. */
  public Optional<String> brokerUrl() {
    return brokerUrl;
  }

  public String brokerHost() {
    return brokerHost;
  }

  public int brokerPort() {
    return brokerPort;
  }

  public Optional<String> brokerUser() {
    return brokerUser;
  }

  public Optional<String> brokerPassword() {
    return brokerPassword;
  }

  /** A user of the embedded broker that may only send to {@code hub.ingest.*}; empty: none. */
  public Optional<String> brokerProducerUser() {
    return brokerProducerUser;
  }

  public Optional<String> brokerProducerPassword() {
    return brokerProducerPassword;
  }

  /** The PostgreSQL URL; empty means an embedded H2 database under the data dir. */
  public Optional<String> dbUrl() {
    return dbUrl;
  }

  public Optional<String> dbUser() {
    return dbUser;
  }

  public Optional<String> dbPassword() {
    return dbPassword;
  }

  public int dbPoolSize() {
    return dbPoolSize;
  }

  public long ingestMaxBodyBytes() {
    return ingestMaxBodyBytes;
  }

  public Duration outboxPollInterval() {
    return outboxPollInterval;
  }

  public int outboxBatchSize() {
    return outboxBatchSize;
  }

  /** Bearer token of the admin API; empty means generate one into the data dir. */
  public Optional<String> adminToken() {
    return adminToken;
  }

  /** Base64 AES-256 key for secrets at rest; empty means generate one into the data dir. */
  public Optional<String> secretsMasterKey() {
    return secretsMasterKey;
  }

  /** How long a rotated-out signing secret keeps signing beside the new one. */
  public Duration secretRotationOverlap() {
    return secretRotationOverlap;
  }

  /** Delivery targets allowed despite the SSRF guard (local testing), comma-separated. */
  public String allowTargets() {
    return allowTargets;
  }

  /**
   * Concurrent consumers of hub.events; events of one organization stay in order regardless. 0
   * makes an ingest-only instance that leaves fan-out to others.
   */
  public int fanOutConsumers() {
    return fanOutConsumers;
  }

  /** The most events a fan-out consumer takes in one transaction. */
  public int fanOutBatch() {
    return fanOutBatch;
  }

  /** How often a hub checks whether another instance changed subscriptions. */
  public Duration subscriptionRecheck() {
    return subscriptionRecheck;
  }

  /** Concurrent delivery consumers; 0 makes an instance that sends nothing. */
  public int deliveryConsumers() {
    return deliveryConsumers;
  }

  /** Longest wait for a TCP connection to a receiver, whatever the subscription's timeout. */
  public Duration deliveryConnectTimeout() {
    return deliveryConnectTimeout;
  }

  /** Failed attempts in a row that open a subscription's circuit. */
  public int breakerFailures() {
    return breakerFailures;
  }

  /** How long an open circuit stays open before a probe. */
  public Duration breakerOpenFor() {
    return breakerOpenFor;
  }

  /** Organization the hub's own events (source {@code hub}) belong to. */
  public String operationsOrganization() {
    return operationsOrganization;
  }

  /** How long events, deliveries, attempts and dedupe ids are kept. */
  /** Interface of Camel's management server (health, metrics, Jolokia under /observe). */
  public String managementHost() {
    return managementHost;
  }

  /** Port of Camel's management server; 0 picks a free one. */
  public int managementPort() {
    return managementPort;
  }

  /** Whether the embedded Hawtio console runs. */
  public boolean hawtioEnabled() {
    return hawtioEnabled;
  }

  public String hawtioHost() {
    return hawtioHost;
  }

  public int hawtioPort() {
    return hawtioPort;
  }

  /**
   * The operator's user name for Hawtio, and for Jolokia and metrics when the management server
   * listens beyond localhost.
   */
  public String hawtioUser() {
    return hawtioUser;
  }

  /** The operator's password; empty means the admin API token. */
  public Optional<String> hawtioPassword() {
    return hawtioPassword;
  }

  /** False turns Hawtio's login off: for local use only. */
  /** {@code plain} or {@code json}: the appender {@code log4j2.xml} logs to. */
  public String logFormat() {
    return logFormat;
  }

  public boolean hawtioAuth() {
    return hawtioAuth;
  }

  public Duration retention() {
    return retention;
  }

  /** Period in which {@link #deadLetterThreshold} new dead letters raise an event. */
  public Duration deadLetterCheckPeriod() {
    return deadLetterCheckPeriod;
  }

  /** New dead letters in one period that make {@code hub.dead_letters.growing}. */
  public int deadLetterThreshold() {
    return deadLetterThreshold;
  }

  /** Where integrators' YAML routes live: sources/, connectors/ and anything else. */
  public Path routesDir() {
    return routesDir;
  }

  /** How often the routes directory is checked for added, changed and removed files. */
  public Duration routesReloadInterval() {
    return routesReloadInterval;
  }

  /**
   * Whether {@code host} is reachable from this machine only. Wildcards ({@code 0.0.0.0}, {@code
   * ::}) and any other name or address count as exposed.
   */
  public static boolean isLoopback(String host) {
    return LOOPBACK.contains(host.trim().toLowerCase(Locale.ROOT));
  }

  /** Whether HTTP ingest listens beyond this machine, so open sources deserve a warning. */
  public boolean httpExposed() {
    return !isLoopback(httpHost);
  }

  /**
   * Whether the embedded broker checks users and permissions: always when its acceptor listens
   * beyond this machine, and on localhost too when a user is configured.
   */
  public boolean embeddedBrokerSecured() {
    return brokerUrl.isEmpty() && (!isLoopback(brokerHost) || brokerUser.isPresent());
  }

  private void checkBrokerCredentials() {
    if (brokerUrl.isEmpty()
        && !isLoopback(brokerHost)
        && (brokerUser.isEmpty() || brokerPassword.isEmpty())) {
      throw new InvalidSettingException(
          brokerUser.isEmpty() ? "hub.broker.user" : "hub.broker.password",
          "is not set, but the embedded broker listens on "
              + brokerHost
              + ": set hub.broker.user and hub.broker.password (HUB_BROKER_USER,"
              + " HUB_BROKER_PASSWORD), or bind hub.broker.host to 127.0.0.1");
    }
    if (brokerUser.isPresent() != brokerPassword.isPresent()) {
      throw new InvalidSettingException(
          brokerUser.isEmpty() ? "hub.broker.user" : "hub.broker.password",
          "is not set; hub.broker.user and hub.broker.password go together");
    }
    if (brokerProducerUser.isPresent() != brokerProducerPassword.isPresent()) {
      throw new InvalidSettingException(
          brokerProducerUser.isEmpty()
              ? "hub.broker.producer-user"
              : "hub.broker.producer-password",
          "is not set; hub.broker.producer-user and hub.broker.producer-password go together");
    }
    if (brokerUrl.isEmpty() && brokerProducerUser.isPresent() && brokerUser.isEmpty()) {
      throw new InvalidSettingException(
          "hub.broker.user",
          "is not set; a producer user needs the hub's own user (hub.broker.user and"
              + " hub.broker.password) on the embedded broker");
    }
    if (brokerProducerUser.isPresent() && brokerProducerUser.equals(brokerUser)) {
      throw values.invalid(
          "hub.broker.producer-user",
          brokerProducerUser.get(),
          "must differ from hub.broker.user, the hub's own user");
    }
  }

  /**
   * The bearer tokens {@code POST /ingest/<source>} accepts for a source ({@code
   * hub.source.<name>.token}, comma-separated so that a new token can be rolled out before the old
   * one is removed). Empty: no token is required.
   *
   * @throws InvalidSettingException for a token too short to be a secret
   */
  public List<String> sourceTokens(String source) {
    String key = "hub.source." + source + ".token";
    if (values.optional(key).isEmpty()) {
      return List.of();
    }
    List<String> tokens = values.list(key);
    if (tokens.stream().anyMatch(t -> t.length() < MIN_TOKEN_LENGTH)) {
      throw values.invalid(
          key, "", "each token must be at least " + MIN_TOKEN_LENGTH + " characters long");
    }
    return tokens;
  }

  /**
   * The Standard Webhooks secrets ({@code whsec_<base64>}) a source signs its requests with ({@code
   * hub.source.<name>.signing-secret}, comma-separated during a rotation). Empty: no signature is
   * required.
   *
   * @throws InvalidSettingException for a secret that is not {@code whsec_<base64>}
   */
  public List<String> sourceSigningSecrets(String source) {
    String key = "hub.source." + source + ".signing-secret";
    if (values.optional(key).isEmpty()) {
      return List.of();
    }
    List<String> secrets = values.list(key);
    for (String secret : secrets) {
      boolean valid = secret.startsWith(StandardWebhooksSignature.SECRET_PREFIX);
      try {
        valid = valid && StandardWebhooksSignature.key(secret).length > 0;
      } catch (IllegalArgumentException e) {
        valid = false;
      }
      if (!valid) {
        throw values.invalid(
            key, secret, "expected whsec_ followed by base64, e.g. from openssl rand -base64 32");
      }
    }
    return secrets;
  }

  /**
   * Settings of a source declared elsewhere (a YAML route), read from the same {@code
   * hub.source.<name>.*} keys as a configured source's.
   */
  public SourceSettings sourceSettings(String name, String normaliser) {
    return sourceSettings(values, name, normaliser);
  }

  /** The configured sources by name, in configuration order. */
  public Map<String, SourceSettings> sources() {
    return sources;
  }

  /** Coalescing of the sources that have it switched on, by source name. */
  public Map<String, CoalesceRule> coalescing() {
    return coalescing;
  }

  /**
   * The coalescing rule of any source, also one declared later by a YAML route; read from the same
   * {@code hub.source.<name>.coalesce-*} keys.
   *
   * @throws InvalidSettingException if that source's coalescing keys are not valid
   */
  public Optional<CoalesceRule> coalesceRule(String source) {
    return coalesceRules.computeIfAbsent(
        source,
        name ->
            coalescing.containsKey(name)
                ? Optional.of(coalescing.get(name))
                : coalesceRule(values, name));
  }

  /** The {@code camel.*} keys of the properties files and overrides, for camel-main to apply. */
  public Properties camelProperties() {
    return values.resolvedWithPrefix("camel.");
  }

  /** Every {@code hub.*} key with its effective value, for property placeholders in routes. */
  public Properties resolvedHubProperties() {
    return values.resolvedWithPrefix("hub.");
  }
}
