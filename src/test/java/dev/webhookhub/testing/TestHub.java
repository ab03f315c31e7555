package dev.webhookhub.testing;

import dev.webhookhub.Hub;
import dev.webhookhub.config.ConfigFiles;
import dev.webhookhub.config.HubSettings;
import dev.webhookhub.observe.HawtioConsole;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * Starts the real hub in-process for a test: its own data dir and free ports, on the given
 * database. Nothing is mocked; the environment is ignored so that a developer's HUB_* variables
 * cannot change what a test sees.
 */
public final class TestHub implements HubAddress, AutoCloseable {

  /** The admin API token every test hub is configured with. */
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

  /**
   * The secrets master key every test hub is configured with, so that hubs sharing a database (see
   * {@link #besides}) can read each other's secrets, as the hub requires at start-up.
   */
  public static final String SECRETS_MASTER_KEY = "dGVzdC1zZWNyZXRzLW1hc3Rlci1rZXktMzItYnl0ZXM=";

  private final Path dataDir;
  private final TestDatabase database;
  private final Map<String, String> overrides = new HashMap<>();
  private final int httpPort;
  private final int brokerPort;
  private final int managementPort;
  private Hub hub;

  public TestHub(Path dataDir, TestDatabase database) {
    this.dataDir = dataDir;
    this.database = database;
    this.httpPort = freePort();
    this.brokerPort = freePort();
    overrides.put("hub.data-dir", dataDir.toString());
    overrides.put("hub.http-host", "127.0.0.1");
    overrides.put("hub.http-port", String.valueOf(httpPort));
    overrides.put("hub.broker.port", String.valueOf(brokerPort));
    this.managementPort = freePort();
    overrides.put("hub.management.port", String.valueOf(managementPort));
    // Hawtio (Jetty and a war) is off unless a test asks for it: it costs seconds per start.
    overrides.put("hub.hawtio.enabled", "false");
    overrides.put("hub.hawtio.port", String.valueOf(freePort()));
    overrides.put("hub.outbox.poll-interval", "PT0.1S");
    overrides.put("hub.admin.token", ADMIN_TOKEN);
    overrides.put("hub.secrets.master-key", SECRETS_MASTER_KEY);
    overrides.put("hub.allow-targets", "127.0.0.1,localhost");
    // Each test hub has its own (empty) routes directory; tests that need integrator routes put
    // them there, see routesDir().
    overrides.put("hub.routes.dir", dataDir.resolve("routes").toString());
    overrides.put("hub.routes.reload-interval", "PT0.2S");
    overrides.putAll(database.settings(dataDir));
  }

  /**
   * Makes this hub a second instance beside {@code first}: the same database and the first hub's
   * broker, as in a scaled-out deployment.
   */
  public TestHub besides(TestHub first) {
    overrides.put("hub.broker.url", first.brokerTcpUrl());
    overrides.putAll(first.database.settings(first.dataDir));
    if (first.database instanceof TestDatabase.H2 h2) {
      overrides.put("hub.db.url", h2.url(first.dataDir));
    }
    return this;
  }

  /**
   * An ingest-only hub: events stay on {@code hub.events}, where tests of the ingest stage read
   * them, instead of being fanned out.
   */
  public TestHub ingestOnly() {
    return with("hub.fanout.consumers", "0");
  }

  /**
   * A hub that fans out but sends nothing: deliveries stay on {@code hub.deliveries}, where tests
   * of fan-out read them.
   */
  public TestHub withoutSending() {
    return with("hub.delivery.consumers", "0");
  }

  /** Sets one configuration key (e.g. {@code hub.broker.url}) before start. */
  public TestHub with(String key, String value) {
    overrides.put(key, value);
    return this;
  }

  public TestHub start() throws Exception {
    Map<String, String> hubOverrides = new HashMap<>(overrides);
    hub = new Hub(HubSettings.load(ConfigFiles.read(), Map.of(), hubOverrides)).start();
    // The console starts after the hub; a test that turned it on uses it at once.
    HawtioConsole console = hub.context().hasService(HawtioConsole.class);
    if (console != null) {
      console.awaitStarted(Duration.ofSeconds(60));
    }
    return this;
  }

  /** Stops and starts the same hub again: same data dir, ports and database. */
  public TestHub restart() throws Exception {
    hub.close();
    return start();
  }

  /** The routes directory this hub loads integrators' YAML from. */
  public Path routesDir() {
    return Path.of(overrides.get("hub.routes.dir"));
  }

  public CamelContext context() {
    return hub.context();
  }

  public <T> T bean(String name, Class<T> type) {
    return context().getRegistry().lookupByNameAndType(name, type);
  }

  @Override
  public String httpUrl(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  /** A URL on the management server, e.g. {@code managementUrl("/observe/health")}. */
  public String managementUrl(String path) {
    return "http://127.0.0.1:" + managementPort + path;
  }

  /** The Hawtio port this hub uses when a test enables Hawtio. */
  public int httpPort() {
    return httpPort;
  }

  public int hawtioPort() {
    return Integer.parseInt(overrides.get("hub.hawtio.port"));
  }

  /** A URL on this hub's Hawtio console, e.g. {@code hawtioUrl("/hawtio/auth/login")}. */
  public String hawtioUrl(String path) {
    return "http://127.0.0.1:" + hawtioPort() + path;
  }

  @Override
  public int brokerPort() {
    return brokerPort;
  }

  public Connection connectDatabase() throws SQLException {
    return database.connect(dataDir);
  }

  @Override
  public void close() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
