package dev.webhookhub.delivery;

import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The delivery side of a hub as one service: the {@link DeliveryDispatcher} and its senders, the
 * {@link DeliveryRecorder} and the {@link DuePoller}. It starts once every route has started (a
 * connector is a route), and stops before the broker connections and the database: attempts in
 * flight are given a few seconds to finish and be recorded.
 */
public final class DeliveryEngine extends ServiceSupport implements StartupListener {

  private static final Duration DRAIN = Duration.ofSeconds(5);

  private final DeliveryDispatcher dispatcher;
  private final DuePoller poller;
  private final HttpSender http;
  private final ConnectorSender connectors;
  private volatile boolean started;

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
    }
  }

  @Override
  protected void doStop() throws Exception {
    if (started) {
      dispatcher.stop(DRAIN);
      poller.stop();
    }
    connectors.close();
    http.close();
  }
}
