package dev.webhookhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.envelope.DateOrder;
import dev.webhookhub.envelope.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layers of configuration (packaged file, environment, overrides) and the start-up checks. The
 * environment is always passed explicitly, so a developer's own HUB_* variables change nothing.
 */
class HubSettingsTest {

  private static final Properties FILES = ConfigFiles.read();

  private static HubSettings load(Map<String, String> env) {
    return HubSettings.load(FILES, env, Map.of());
  }

  @Test
  void packagedDefaultsNeedNoSetUp() {
    HubSettings settings = load(Map.of());

    assertThat(settings.dataDir()).isEqualTo(Path.of("data"));
    assertThat(settings.httpHost()).isEqualTo("0.0.0.0");
    assertThat(settings.httpPort()).isEqualTo(8080);
    // No broker URL means an embedded broker; no DB URL means embedded H2.
    assertThat(settings.brokerUrl()).isEmpty();
    assertThat(settings.brokerHost()).isEqualTo("127.0.0.1");
    assertThat(settings.brokerPort()).isEqualTo(61616);
    assertThat(settings.brokerUser()).isEmpty();
    assertThat(settings.brokerPassword()).isEmpty();
    assertThat(settings.dbUrl()).isEmpty();
    assertThat(settings.dbUser()).isEmpty();
    assertThat(settings.dbPassword()).isEmpty();
    assertThat(settings.dbPoolSize()).isEqualTo(10);
    assertThat(settings.ingestMaxBodyBytes()).isEqualTo(1_048_576);
    assertThat(settings.outboxPollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.outboxBatchSize()).isEqualTo(200);
    assertThat(settings.sources())
        .containsOnlyKeys("fitmetrics", "fineguide", "fitprotracker", "ufp");
    assertThat(settings.sources().get("ufp"))
        .isEqualTo(new SourceSettings("ufp", "ufp", null, ZoneId.of("UTC"), DateOrder.MDY));
    assertThat(settings.sources().get("fitmetrics").normaliser()).isEqualTo("fitmetrics");
  }

  @Test
  void camelKeysAreHandedToCamelAndHubKeysToPlaceholders() {
    HubSettings settings = load(Map.of("HUB_HTTP_PORT", "9090"));

    assertThat(settings.camelProperties())
        .containsEntry("camel.main.name", "webhook-hub")
        .doesNotContainKey("hub.http-port");
    // Placeholders in YAML routes must see the environment's value, not the file's.
    assertThat(settings.resolvedHubProperties())
        .containsEntry("hub.http-port", "9090")
        .doesNotContainKey("camel.main.name");
  }

  @Test
  void environmentOverridesTheFile() {
    HubSettings settings =
        load(
            Map.of(
                "HUB_HTTP_PORT", "9090",
                "HUB_SOURCE_UFP_DATE_ORDER", "DMY",
                "HUB_DB_URL", "jdbc:postgresql://db:5432/hub"));

    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.sources().get("ufp").dateOrder()).isEqualTo(DateOrder.DMY);
    assertThat(settings.dbUrl()).contains("jdbc:postgresql://db:5432/hub");
    // Untouched keys keep the file's value.
    assertThat(settings.brokerPort()).isEqualTo(61616);
  }

  @Test
  void overrideBeatsTheEnvironment() {
    HubSettings settings =
        HubSettings.load(
            FILES,
            Map.of("HUB_HTTP_PORT", "9090", "HUB_SOURCE_UFP_DATE_ORDER", "DMY"),
            Map.of("hub.http-port", "7070"));

    assertThat(settings.httpPort()).isEqualTo(7070);
    assertThat(settings.sources().get("ufp").dateOrder()).isEqualTo(DateOrder.DMY);
  }

  @Test
  void blankVariableClearsAnOptionalValueOfTheFile() {
    // How docker-compose or a shell goes back to the embedded broker that config/ turned off.
    Properties files = new Properties();
    files.putAll(FILES);
    files.setProperty("hub.broker.url", "tcp://artemis:61616");

    assertThat(HubSettings.load(files, Map.of(), Map.of()).brokerUrl())
        .contains("tcp://artemis:61616");
    assertThat(HubSettings.load(files, Map.of("HUB_BROKER_URL", ""), Map.of()).brokerUrl())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HUB_HTTP_PORT             | eighty                 | hub.http-port",
        "HUB_HTTP_PORT             | 65536                  | hub.http-port",
        "HUB_BROKER_PORT           | -1                     | hub.broker.port",
        "HUB_DB_POOL_SIZE          | 0                      | hub.db.pool-size",
        "HUB_INGEST_MAX_BODY_BYTES | 1MB                    | hub.ingest.max-body-bytes",
        "HUB_OUTBOX_BATCH_SIZE     | 10001                  | hub.outbox.batch-size",
        "HUB_OUTBOX_POLL_INTERVAL  | 500ms                  | hub.outbox.poll-interval",
        "HUB_OUTBOX_POLL_INTERVAL  | PT0S                   | hub.outbox.poll-interval",
        "HUB_OUTBOX_POLL_INTERVAL  | -PT1S                  | hub.outbox.poll-interval",
        "HUB_SOURCE_UFP_ZONE       | Mars/Olympus           | hub.source.ufp.zone",
        "HUB_SOURCE_UFP_DATE_ORDER | MYD                    | hub.source.ufp.date-order",
        "HUB_SOURCES               | Bad Name               | hub.sources",
        "HUB_SOURCES               | UFP                    | hub.sources",
        "HUB_DB_URL                | postgres://db:5432/hub | hub.db.url",
        "HUB_DB_URL                | jdbc:mysql://db/hub    | hub.db.url",
        "HUB_BROKER_URL            | artemis:61616          | hub.broker.url",
      })
  void badValueFailsNamingKeyAndVariable(String variable, String value, String key) {
    assertThatThrownBy(() -> load(Map.of(variable, value)))
        .isInstanceOfSatisfying(
            InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo(key))
        .hasMessageContaining("Configuration " + key + " ")
        .hasMessageContaining("(environment variable " + variable + ")")
        // Not a secret, so the value is shown: the operator sees what to fix.
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HUB_HTTP_HOST", "HUB_DATA_DIR", "HUB_SOURCES", "HUB_HTTP_PORT"})
  void blankRequiredValueFailsNamingKey(String variable) {
    assertThatThrownBy(() -> load(Map.of(variable, "  ")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("(environment variable " + variable + ") is not set");
  }

  @Test
  void unknownNormaliserFailsNamingHubSources() {
    assertThatThrownBy(() -> load(Map.of("HUB_SOURCES", "ufp,crm:nosuch")))
        .isInstanceOfSatisfying(
            InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("hub.sources"))
        .hasMessageContaining("(environment variable HUB_SOURCES)")
        .hasMessageContaining("unknown normaliser 'nosuch'")
        .hasMessageContaining("[envelope, fineguide, fitmetrics, fitprotracker, ufp]");
  }

  @Test
  void sourcesKeepTheirConfiguredOrder() {
    assertThat(load(Map.of("HUB_SOURCES", "ufp,crm:envelope,fineguide,a:envelope")).sources())
        .containsExactly(
            Map.entry("ufp", SourceSettings.defaults("ufp", "ufp")),
            Map.entry("crm", SourceSettings.defaults("crm", "envelope")),
            Map.entry("fineguide", SourceSettings.defaults("fineguide", "fineguide")),
            Map.entry("a", SourceSettings.defaults("a", "envelope")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tcp://artemis:61616",
        "vm://0",
        "(tcp://a:61616,tcp://b:61616)?ha=true",
        "udp://231.7.7.7:9876"
      })
  void artemisCoreUrlsAreAccepted(String url) {
    assertThat(load(Map.of("HUB_BROKER_URL", url)).brokerUrl()).contains(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"amqp://artemis:5672", "ssl://artemis:61617", "artemis:61616"})
  void urlsTheCoreClientCannotUseFailAtStartUp(String url) {
    assertThatThrownBy(() -> load(Map.of("HUB_BROKER_URL", url)))
        .isInstanceOfSatisfying(
            InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("hub.broker.url"));
  }

  @Test
  void credentialsInABadUrlAreHidden() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "HUB_DB_URL", "postgres://hub:hunter2@db/hub?password=hunter3&ssl=true")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("postgres://(hidden)@db/hub?password=(hidden)&ssl=true")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("hunter3");
  }

  @Test
  void sourceMayNameItsNormaliser() {
    HubSettings settings =
        load(
            Map.of(
                "HUB_SOURCES", " crm:envelope , ufp ",
                "HUB_SOURCE_CRM_ORGANIZATION_ID", "org-9",
                "HUB_SOURCE_CRM_ZONE", "Europe/Berlin"));

    assertThat(settings.sources()).containsOnlyKeys("crm", "ufp");
    assertThat(settings.sources().get("crm"))
        .isEqualTo(
            new SourceSettings(
                "crm", "envelope", "org-9", ZoneId.of("Europe/Berlin"), DateOrder.MDY));
    assertThat(settings.sources().get("ufp").normaliser()).isEqualTo("ufp");
  }

  @Test
  void secretValueIsNeverEchoed() {
    ConfigValues values =
        new ConfigValues(FILES, Map.of("HUB_DB_PASSWORD", "hunter2-secret"), Map.of());

    InvalidSettingException e =
        values.invalid(
            "hub.db.password", values.required("hub.db.password"), "expected something else");

    assertThat(e.getMessage())
        .contains("hub.db.password", "HUB_DB_PASSWORD", "(hidden)")
        .doesNotContain("hunter2");
  }

  @Test
  void secretValueIsHiddenWhenItFailsAParse() {
    // Any key whose name looks secret keeps its value hidden, also when a typed check fails.
    ConfigValues values =
        new ConfigValues(new Properties(), Map.of("HUB_INGEST_TOKEN_LIMIT", "hunter2"), Map.of());

    assertThatThrownBy(() -> values.integer("hub.ingest.token-limit", 1, 10))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("HUB_INGEST_TOKEN_LIMIT")
        .hasMessageNotContaining("hunter2");
  }

  @ParameterizedTest
  @CsvSource({
    "hub.db.password, true",
    "hub.broker.password, true",
    "hub.source.crm.signing-secret, true",
    "hub.source.crm.token, true",
    "hub.broker.producer-password, true",
    "hub.broker.producer-user, false",
    "hub.admin.token, true",
    "hub.source.crm.api-key, true",
    "hub.http-port, false",
    "hub.db.url, false",
    "hub.db.user, false",
  })
  void recognisesSecretKeys(String key, boolean secret) {
    assertThat(ConfigValues.isSecret(key)).isEqualTo(secret);
  }

  @Test
  void aSourceMayRequireTokensAndSigningSecretsFromTheEnvironment() {
    HubSettings settings =
        load(
            Map.of(
                "HUB_SOURCE_FITMETRICS_TOKEN", "old-token-0123456789, new-token-0123456789",
                "HUB_SOURCE_CRM_WEB_SIGNING_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    assertThat(settings.sourceTokens("fitmetrics"))
        .containsExactly("old-token-0123456789", "new-token-0123456789");
    assertThat(settings.sourceSigningSecrets("fitmetrics")).isEmpty();
    // crm-web is not configured: a YAML route may declare it, and its keys apply then.
    assertThat(settings.sourceSigningSecrets("crm-web"))
        .containsExactly("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThat(settings.sourceTokens("ufp")).isEmpty();
  }

  @Test
  void aBadSigningSecretOrShortTokenFailsWithoutEchoingIt() {
    HubSettings settings =
        load(
            Map.of(
                "HUB_SOURCE_UFP_SIGNING_SECRET", "not-a-whsec-value",
                "HUB_SOURCE_UFP_TOKEN", "short-secret"));

    assertThatThrownBy(() -> settings.sourceSigningSecrets("ufp"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("HUB_SOURCE_UFP_SIGNING_SECRET")
        .hasMessageContaining("whsec_")
        .hasMessageNotContaining("not-a-whsec-value");
    assertThatThrownBy(() -> settings.sourceTokens("ufp"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("HUB_SOURCE_UFP_TOKEN")
        .hasMessageNotContaining("short-secret");
  }

  @Test
  void anExposedEmbeddedBrokerNeedsAUserAndPassword() {
    assertThatThrownBy(() -> load(Map.of("HUB_BROKER_HOST", "0.0.0.0")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("HUB_BROKER_USER")
        .hasMessageContaining("0.0.0.0");
    assertThatThrownBy(() -> load(Map.of("HUB_BROKER_HOST", "0.0.0.0", "HUB_BROKER_USER", "hub")))
        .hasMessageContaining("HUB_BROKER_PASSWORD");

    HubSettings exposed =
        load(
            Map.of(
                "HUB_BROKER_HOST", "0.0.0.0",
                "HUB_BROKER_USER", "hub",
                "HUB_BROKER_PASSWORD", "broker-password"));
    assertThat(exposed.embeddedBrokerSecured()).isTrue();
    assertThat(load(Map.of()).embeddedBrokerSecured()).isFalse();
    // An external broker's exposure is its own business.
    assertThat(
            load(Map.of("HUB_BROKER_HOST", "0.0.0.0", "HUB_BROKER_URL", "tcp://artemis:61616"))
                .embeddedBrokerSecured())
        .isFalse();
  }

  @Test
  void aProducerUserNeedsItsPasswordAndTheHubsOwnUser() {
    assertThatThrownBy(() -> load(Map.of("HUB_BROKER_PRODUCER_USER", "crm")))
        .hasMessageContaining("HUB_BROKER_PRODUCER_PASSWORD");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "HUB_BROKER_PRODUCER_USER", "crm",
                        "HUB_BROKER_PRODUCER_PASSWORD", "crm-password")))
        .hasMessageContaining("HUB_BROKER_USER");
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, true",
    "localhost, true",
    "::1, true",
    "0.0.0.0, false",
    "::, false",
    "10.0.0.5, false",
    "hub.example.com, false"
  })
  void onlyLoopbackNamesCountAsLocal(String host, boolean loopback) {
    assertThat(HubSettings.isLoopback(host)).isEqualTo(loopback);
  }
}
