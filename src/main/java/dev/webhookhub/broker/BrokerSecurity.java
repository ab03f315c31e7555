package dev.webhookhub.broker;

import dev.webhookhub.config.HubSettings;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * Who may do what on the broker, declared once for the embedded broker and mirrored in {@code
 * config/artemis/broker.xml} (StandaloneBrokerConfigTest compares them).
 *
 * <ul>
 *   <li>Role {@value #HUB_ROLE} (the hub's own user, {@code hub.broker.user}): everything, on every
 *       address. The name is the role {@code artemis create} and the Artemis image give their admin
 *       user, so the standalone broker's generated user works as the hub's.
 *   <li>Role {@value #PRODUCER_ROLE} ({@code hub.broker.producer-user}): may send to {@code
 *       hub.ingest.*} and nothing else: no consuming, no browsing, no creating addresses or queues,
 *       no sending to {@code hub.ingest.invalid}, {@code hub.events} or the delivery queues.
 * </ul>
 *
 * <p>Artemis takes the most specific match only, never merging wildcard matches, so every match
 * lists the hub's role again.
 *
 * <p>Users live in memory (Artemis's {@link InVMLoginModule} configured from the settings), not in
 * the journal: the hub's settings stay the one place that says who may connect.
 */
public final class BrokerSecurity {

  /** The hub's own role, allowed everything. */
  public static final String HUB_ROLE = "amq";

  /** External producers: send to {@code hub.ingest.*}, nothing else. */
  public static final String PRODUCER_ROLE = "producer";

  private BrokerSecurity() {}

  /** The roles' permissions by address match. */
  public static void applyRoles(Configuration config) {
    Role hub = role(HUB_ROLE);
    hub.setSend(true);
    hub.setConsume(true);
    hub.setBrowse(true);
    hub.setCreateAddress(true);
    hub.setDeleteAddress(true);
    hub.setCreateDurableQueue(true);
    hub.setDeleteDurableQueue(true);
    hub.setCreateNonDurableQueue(true);
    hub.setDeleteNonDurableQueue(true);
    hub.setManage(true);
    hub.setView(true);
    hub.setEdit(true);
    Role producer = role(PRODUCER_ROLE);
    producer.setSend(true);
    config.putSecurityRoles("#", Set.of(hub));
    config.putSecurityRoles("hub.ingest.#", Set.of(hub, producer));
    config.putSecurityRoles("hub.ingest.invalid", Set.of(hub));
  }

  /** A role allowed nothing yet. */
  private static Role role(String name) {
    Role role = new Role();
    role.setName(name);
    return role;
  }

  /** Turns security on in {@code config}, with the users the settings name. */
  static ActiveMQJAASSecurityManager secure(Configuration config, HubSettings settings) {
    config.setSecurityEnabled(true);
    // Artemis lets its cluster user do anything, and its password defaults to a well-known value.
    // The hub runs no broker cluster, so a random password nobody knows closes that door.
    config.setClusterPassword(randomPassword());
    applyRoles(config);
    SecurityConfiguration users = new SecurityConfiguration();
    String hubUser = settings.brokerUser().orElseThrow();
    users.addUser(hubUser, settings.brokerPassword().orElseThrow());
    users.addRole(hubUser, HUB_ROLE);
    settings
        .brokerProducerUser()
        .ifPresent(
            producer -> {
              users.addUser(producer, settings.brokerProducerPassword().orElseThrow());
              users.addRole(producer, PRODUCER_ROLE);
            });
    return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
