package dev.webhookhub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.HierarchicalObjectRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * config/artemis/broker.xml, the external broker of docker-compose.yml, must treat hub addresses
 * exactly as the embedded broker does ({@link HubAddressSettings}). Both are read with Artemis's
 * own code (the XML against its schema) and compared address by address, after Artemis merges the
 * wildcard matches as a running broker would. The same goes for who may do what ({@link
 * BrokerSecurity}).
 */
class StandaloneBrokerConfigTest {

  private static final Path BROKER_XML = Path.of("config", "artemis", "broker.xml");

  private static Configuration standalone;
  private static Configuration embedded;

  @BeforeAll
  static void readBothConfigurations() throws Exception {
    FileConfiguration file = new FileConfiguration();
    new FileDeploymentManager(BROKER_XML.toAbsolutePath().toUri().toString())
        .addDeployable(file)
        .readConfiguration();
    standalone = file;
    embedded = new ConfigurationImpl();
    HubAddressSettings.apply(embedded);
    BrokerSecurity.applyRoles(embedded);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hub.events",
        "hub.ingest.fitprotracker",
        "hub.ingest.some-new-source",
        "hub.ingest.invalid",
        "hub.dead",
        "hub.expired",
        "hub.deliveries.crm"
      })
  void hubAddressBehavesAsOnTheEmbeddedBroker(String address) {
    assertThat(behaviour(standalone, address)).isEqualTo(behaviour(embedded, address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hub.events",
        "hub.ingest.fitprotracker",
        "hub.ingest.some-new-source",
        "hub.ingest.invalid",
        "hub.dead",
        "hub.deliveries.crm",
        "activemq.management"
      })
  void rolesMayDoWhatTheyMayOnTheEmbeddedBroker(String address) {
    assertThat(permissions(standalone, address)).isEqualTo(permissions(embedded, address));
  }

  @Test
  void producersMaySendToSourceQueuesOnly() {
    // Guards the comparison: the producer role is really there, and limited.
    assertThat(permissions(standalone, "hub.ingest.ufp"))
        .containsEntry(BrokerSecurity.PRODUCER_ROLE, Set.of("send"));
    assertThat(permissions(standalone, "hub.events"))
        .doesNotContainKey(BrokerSecurity.PRODUCER_ROLE);
    assertThat(permissions(standalone, "hub.ingest.invalid"))
        .doesNotContainKey(BrokerSecurity.PRODUCER_ROLE);
    assertThat(permissions(standalone, "hub.events").get(BrokerSecurity.HUB_ROLE))
        .contains("send", "consume", "createAddress", "manage");
  }

  @Test
  void ingestRetriesThenParks() {
    // Guards the comparison itself: the settings under test are really there.
    assertThat(behaviour(standalone, "hub.ingest.ufp"))
        .containsEntry("maxDeliveryAttempts", HubAddressSettings.INGEST_MAX_DELIVERIES)
        .containsEntry("deadLetterAddress", "hub.ingest.invalid")
        .containsEntry("redeliveryDelay", 500L)
        .containsEntry("defaultAddressRoutingType", "ANYCAST");
  }

  @Test
  void speaksEveryProtocolOnOnePortAndKeepsDuplicateIds() {
    assertThat(standalone.getAcceptorConfigurations())
        .singleElement()
        .satisfies(
            acceptor -> {
              assertThat(acceptor.getParams()).containsEntry("port", "61616");
              assertThat(String.valueOf(acceptor.getParams().get("protocols")))
                  .contains("CORE", "AMQP", "STOMP", "MQTT");
            });
    assertThat(standalone.isPersistenceEnabled()).isTrue();
    assertThat(standalone.isPersistIDCache()).isTrue();
    assertThat(standalone.getIDCacheSize()).isEqualTo(100_000);
  }

  /** The permissions each role has at this address, after Artemis picks the most specific match. */
  private static Map<String, Set<String>> permissions(Configuration config, String address) {
    HierarchicalObjectRepository<Set<Role>> repository =
        new HierarchicalObjectRepository<>(config.getWildcardConfiguration());
    config.getSecurityRoles().forEach(repository::addMatch);
    Map<String, Set<String>> permissions = new TreeMap<>();
    for (Role role : repository.getMatch(address)) {
      Set<String> granted = new TreeSet<>();
      for (CheckType type : CheckType.values()) {
        if (type.hasRole(role)) {
          granted.add(camelCase(type.name()));
        }
      }
      permissions.put(role.getName(), granted);
    }
    return permissions;
  }

  /** {@code CREATE_ADDRESS} → {@code createAddress}, as broker.xml spells it. */
  private static String camelCase(String constant) {
    StringBuilder name = new StringBuilder();
    for (String word : constant.toLowerCase(java.util.Locale.ROOT).split("_")) {
      name.append(
          name.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return name.toString();
  }

  /** The effective settings a queue at this address gets: what the hub relies on. */
  private static Map<String, Object> behaviour(Configuration config, String address) {
    HierarchicalObjectRepository<AddressSettings> repository =
        new HierarchicalObjectRepository<>(config.getWildcardConfiguration());
    config.getAddressSettings().forEach(repository::addMatch);
    AddressSettings s = repository.getMatch(address);
    Map<String, Object> behaviour = new LinkedHashMap<>();
    behaviour.put("defaultAddressRoutingType", String.valueOf(s.getDefaultAddressRoutingType()));
    behaviour.put("defaultQueueRoutingType", String.valueOf(s.getDefaultQueueRoutingType()));
    behaviour.put("autoCreateAddresses", s.isAutoCreateAddresses());
    behaviour.put("autoCreateQueues", s.isAutoCreateQueues());
    behaviour.put("autoDeleteAddresses", s.isAutoDeleteAddresses());
    behaviour.put("autoDeleteQueues", s.isAutoDeleteQueues());
    behaviour.put("deadLetterAddress", String.valueOf(s.getDeadLetterAddress()));
    behaviour.put("expiryAddress", String.valueOf(s.getExpiryAddress()));
    behaviour.put("redeliveryDelay", s.getRedeliveryDelay());
    behaviour.put("redeliveryMultiplier", s.getRedeliveryMultiplier());
    behaviour.put("maxRedeliveryDelay", s.getMaxRedeliveryDelay());
    behaviour.put("maxDeliveryAttempts", s.getMaxDeliveryAttempts());
    behaviour.put("defaultExclusiveQueue", s.isDefaultExclusiveQueue());
    behaviour.put("defaultGroupBuckets", s.getDefaultGroupBuckets());
    return behaviour;
  }
}
