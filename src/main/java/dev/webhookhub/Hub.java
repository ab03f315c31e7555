package dev.webhookhub;

import dev.webhookhub.config.HubSettings;
import dev.webhookhub.observe.ManagementEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running hub: camel-main configured from {@link HubSettings}. {@link HubApplication} runs it
 * until the process is told to stop; tests start and close it in-process.
 */
public final class Hub implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

  static final String ROUTES_INCLUDE_PATTERN = "camel.main.routes-include-pattern";

  private final Main main;

  public Hub(HubSettings settings) {
    main = new Main();
    main.configure().addConfiguration(new HubConfiguration(settings));
    // Camel reads its own keys (camel.*) from the same files; hub.* values are passed resolved so
    // that {{hub.…}} placeholders in YAML routes see environment overrides too.
    main.setDefaultPropertyPlaceholderLocation("false");
    main.setInitialProperties(withoutMissingRouteDirectories(settings.camelProperties()));
    Properties overrides = settings.resolvedHubProperties();
    overrides.setProperty("camel.server.enabled", "true");
    overrides.setProperty("camel.server.host", settings.httpHost());
    overrides.setProperty("camel.server.port", String.valueOf(settings.httpPort()));
    overrides.setProperty(
        "camel.server.maxBodySize", String.valueOf(settings.ingestMaxBodyBytes()));
    overrides.putAll(ManagementEndpoints.camelProperties(settings));
    main.setOverrideProperties(overrides);
  }

  /**
   * camel-main stops with a NoSuchFileException when a {@code file:} route pattern (by default
   * under {@code routes/}) starts in a directory that does not exist, so a hub could not start in
   * an empty working directory. A missing directory only means that no integrator routes were added
   * yet: such patterns are dropped, and Camel's {@code false} ("no routes from resources") is used
   * when none remains.
   */
  static Properties withoutMissingRouteDirectories(Properties camel) {
    String patterns = camel.getProperty(ROUTES_INCLUDE_PATTERN);
    if (patterns == null) {
      return camel;
    }
    List<String> kept = new ArrayList<>();
    for (String pattern : patterns.split(",")) {
      String p = pattern.trim();
      if (p.isEmpty()) {
        continue;
      }
      Path directory = fileBaseDirectory(p);
      if (directory != null && !Files.isDirectory(directory)) {
        LOG.info("No {} directory: no routes loaded from {}", directory.toAbsolutePath(), p);
        continue;
      }
      kept.add(p);
    }
    camel.setProperty(ROUTES_INCLUDE_PATTERN, kept.isEmpty() ? "false" : String.join(",", kept));
    return camel;
  }

  /** The directory a {@code file:} pattern with wildcards scans, or null for any other pattern. */
  private static Path fileBaseDirectory(String pattern) {
    if (!pattern.startsWith("file:")) {
      return null;
    }
    String path = pattern.substring("file:".length());
    int wildcard = path.indexOf('*');
    if (wildcard < 0) {
      return null;
    }
    String base = path.substring(0, path.lastIndexOf('/', wildcard) + 1);
    return Path.of(base.isEmpty() ? "." : base);
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
