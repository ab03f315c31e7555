package dev.webhookhub;

import dev.webhookhub.config.HubSettings;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * One running hub: camel-main configured from {@link HubSettings}. {@link HubApplication} runs it
 * until the process is told to stop; tests start and close it in-process.
 */
public final class Hub implements AutoCloseable {

  private final Main main;

  public Hub(HubSettings settings) {
    main = new Main();
    main.configure().addConfiguration(new HubConfiguration(settings));
    // Camel reads its own keys (camel.*) from the same files; hub.* values are passed resolved so
    // that {{hub.…}} placeholders in YAML routes see environment overrides too.
    main.setDefaultPropertyPlaceholderLocation("false");
    main.setInitialProperties(settings.camelProperties());
    Properties overrides = settings.resolvedHubProperties();
    overrides.setProperty("camel.server.enabled", "true");
    overrides.setProperty("camel.server.host", settings.httpHost());
    overrides.setProperty("camel.server.port", String.valueOf(settings.httpPort()));
    overrides.setProperty(
        "camel.server.maxBodySize", String.valueOf(settings.ingestMaxBodyBytes()));
    main.setOverrideProperties(overrides);
  }

  /** Starts the hub and returns once its routes run. */
  public Hub start() throws Exception {
    main.start();
    return this;
  }

  /** Starts the hub and blocks until the JVM is asked to stop. */
  public void run() throws Exception {
    main.run();
  }

  public CamelContext context() {
    return main.getCamelContext();
  }

  @Override
  public void close() throws Exception {
    main.stop();
  }
}
