package dev.webhookhub.broker;

import dev.webhookhub.config.HubSettings;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis broker the hub starts when no external one is configured: persistent, journal under
 * the data dir, one acceptor for every protocol. The address settings that the hub's queues rely on
 * live in {@link HubAddressSettings}, shared with the standalone broker's configuration.
 *
 * <p>Security is off while the acceptor listens on localhost only and no user is configured; once
 * the acceptor is exposed (the settings refuse that without a user), {@link BrokerSecurity}'s users
 * and roles apply to every connection, the hub's own in-VM one included.
 */
public final class EmbeddedBroker extends ServiceSupport {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  private final HubSettings settings;
  private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

  public EmbeddedBroker(HubSettings settings) {
    this.settings = settings;
  }

  /** In-VM URL the hub itself connects with: no TCP hop for its own traffic. */
  public String inVmUrl() {
    return "vm://" + settings.brokerPort();
  }

  @Override
  protected void doStart() throws Exception {
    Path dir = settings.dataDir().resolve("broker").toAbsolutePath();
    Configuration config = configuration(dir);
    config.addAcceptorConfiguration(
        "all-protocols",
        "tcp://"
            + settings.brokerHost()
            + ":"
            + settings.brokerPort()
            + "?protocols=CORE,AMQP,STOMP,MQTT");
    config.addAcceptorConfiguration("in-vm", inVmUrl());
    boolean secured = settings.embeddedBrokerSecured();
    if (secured) {
      server.setSecurityManager(BrokerSecurity.secure(config, settings));
    }
    server.setConfiguration(config);
    server.start();
    LOG.info(
        "Embedded Artemis broker listening on {}:{} (CORE, AMQP, STOMP, MQTT), {}, data in {}",
        settings.brokerHost(),
        settings.brokerPort(),
        secured ? "users required" : "security off (local only)",
        dir);
  }

  @Override
  protected void doStop() throws Exception {
    server.stop();
  }

  /**
   * The broker's persistent configuration with the hub's address settings, journal under {@code
   * dir}, and no acceptor yet. Also what tests start a broker of their own from.
   */
  public static Configuration configuration(Path dir) {
    Configuration config =
        new ConfigurationImpl()
            .setName("webhook-hub")
            .setPersistenceEnabled(true)
            .setSecurityEnabled(false)
            .setJournalType(JournalType.NIO)
            .setJournalDirectory(dir.resolve("journal").toString())
            .setBindingsDirectory(dir.resolve("bindings").toString())
            .setPagingDirectory(dir.resolve("paging").toString())
            .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
            .setNodeManagerLockDirectory(dir.toString())
            // The duplicate-id cache guards the publish to hub.events against crash windows; it
            // is persisted, so it holds across restarts.
            .setIDCacheSize(100_000)
            .setPersistIDCache(true)
            // Producers block when the disk passes this; the default 90% trips on shared dev disks.
            .setMaxDiskUsage(98);
    HubAddressSettings.apply(config);
    return config;
  }

  /** Exposed for tests and the admin API: the running server's management view. */
  public EmbeddedActiveMQ server() {
    return server;
  }

  static AddressSettings anycast() {
    return new AddressSettings()
        .setDefaultAddressRoutingType(RoutingType.ANYCAST)
        .setDefaultQueueRoutingType(RoutingType.ANYCAST)
        .setAutoCreateAddresses(true)
        .setAutoCreateQueues(true)
        .setAutoDeleteAddresses(false)
        .setAutoDeleteQueues(false);
  }
}
