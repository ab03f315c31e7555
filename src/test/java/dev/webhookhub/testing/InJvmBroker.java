package dev.webhookhub.testing;

import dev.webhookhub.broker.EmbeddedBroker;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An Artemis server of its own in the test JVM, on a free TCP port, that hubs use as their external
 * broker ({@code hub.broker.url}) and a test can stop and start again, as an operator would stop a
 * standalone Artemis. Persistent, with the hub's address settings, so what it held before a stop is
 * there after the start.
 */
public final class InJvmBroker implements AutoCloseable {

  private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
  private final int port = TestHub.freePort();

  public InJvmBroker(Path dir) throws Exception {
    Configuration config = EmbeddedBroker.configuration(dir.toAbsolutePath());
    config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP");
    server.setConfiguration(config);
    server.start();
  }

  /** The URL a hub is given as {@code hub.broker.url}. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Makes {@code hub} use this broker instead of starting its own. */
  public TestHub serve(TestHub hub) {
    return hub.with("hub.broker.url", url());
  }

  /** Stops the broker: its clients lose their connections and cannot connect until {@link #up}. */
  public void down() throws Exception {
    server.getActiveMQServer().stop();
  }

  /** Starts the stopped broker again on the same port, with what its journal holds. */
  public void up() throws Exception {
    server.getActiveMQServer().start();
  }

  public ActiveMQServer server() {
    return server.getActiveMQServer();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
