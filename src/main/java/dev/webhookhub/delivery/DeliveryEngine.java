package dev.webhookhub.delivery;

import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of a hub as one service: the {@link DeliveryDispatcher} and its senders, the
 * {@link DeliveryRecorder} and the {@link DuePoller}. It starts once every route has started (a
 * connector is a route), and stops before the broker connections and the database: attempts in
 * flight are given a few seconds to finish and be recorded.
 */
public final class DeliveryEngine extends ServiceSupport implements StartupListener {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

  private static final Duration DRAIN = Duration.ofSeconds(5);

  private final DeliveryDispatcher dispatcher;
  private final DuePoller poller;
  private final HttpSender http;
  private final ConnectorSender connectors;
  private volatile boolean started;
  private ManagementAgent managedBy;
  private ObjectName objectName;

  /** The parts, wired: see HubConfiguration for where each comes from. */
  public record Parts(
      ConnectionFactory consumerFactory,
      ConnectionFactory pooledFactory,
      javax.sql.DataSource dataSource,
      DeliveryLog log,
      DueDeliveries dues,
      DeliveryWorker worker,
      HttpSender http,
      ConnectorSender connectors,
      DeadLetterCopies deadLetters,
      int maxInFlight) {}

  public DeliveryEngine(Parts parts) {
    this.http = parts.http();
    this.connectors = parts.connectors();
    this.poller = new DuePoller(parts.dues(), parts.pooledFactory());
    DeliveryRecorder recorder =
        new DeliveryRecorder(parts.dataSource(), parts.log(), parts.dues(), poller::dueAt);
    this.dispatcher =
        new DeliveryDispatcher(
            parts.consumerFactory(),
            parts.worker(),
            parts.http(),
            parts.connectors(),
            recorder,
            parts.deadLetters(),
            parts.maxInFlight());
  }

  public DeliveryDispatcher dispatcher() {
    return dispatcher;
  }

  /** The engine's figures as an MBean: only these, not the service's own life-cycle. */
  @ManagedResource(
      description = "Delivery engine: attempts in flight and messages not yet recorded")
  public static final class Figures {
    private final DeliveryDispatcher dispatcher;

    Figures(DeliveryDispatcher dispatcher) {
      this.dispatcher = dispatcher;
    }

    @ManagedAttribute(description = "Delivery attempts in flight on this hub")
    public int getInFlight() {
      return dispatcher.inFlight();
    }

    @ManagedAttribute(
        description = "Messages taken off hub.deliveries by this hub and not yet recorded")
    public int getUnacknowledged() {
      return dispatcher.buffered();
    }
  }

  @Override
  public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    // Only the fully started callback below starts the engine.
  }

  @Override
  public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
    if (!started) {
      started = true;
      poller.start();
      dispatcher.start();
      manage(context);
    }
  }

  /**
   * Shows the engine's figures in JMX next to Camel's services (Hawtio's Camel tree), where an
   * operator used to find the deliver route.
   */
  private void manage(CamelContext context) {
    ManagementAgent agent = context.getManagementStrategy().getManagementAgent();
    if (agent == null) {
      return;
    }
    String name = context.getManagementName();
    try {
      objectName =
          new ObjectName(
              agent.getMBeanObjectDomainName()
                  + ":context="
                  + (name.matches("[\\w.-]+") ? name : ObjectName.quote(name))
                  + ",type=services,name=DeliveryEngine");
      agent.register(new Figures(dispatcher), objectName);
      managedBy = agent;
    } catch (Exception e) {
      LOG.warn("The delivery engine is not shown in JMX: {}", e.toString());
    }
  }

  @Override
  protected void doStop() throws Exception {
    if (managedBy != null) {
      managedBy.unregister(objectName);
    }
    if (started) {
      dispatcher.stop(DRAIN);
      poller.stop();
    }
    connectors.close();
    http.close();
  }
}
