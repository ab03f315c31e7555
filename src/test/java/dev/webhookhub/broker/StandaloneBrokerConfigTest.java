package dev.webhookhub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
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
 * wildcard matches as a running broker would.
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
