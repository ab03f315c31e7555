package dev.webhookhub;

import dev.webhookhub.config.HubSettings;
import dev.webhookhub.config.InvalidSettingException;
import dev.webhookhub.demo.Demo;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Starts the hub. All wiring lives in {@link HubConfiguration}. */
public final class HubApplication {

  private HubApplication() {}

  public static void main(String... args) throws Exception {
    if (List.of(args).contains("--demo")) {
      // The account the demo prints is the point; the hub's own INFO lines would bury it.
      Configurator.setRootLevel(Level.WARN);
      System.exit(Demo.run(System.out));
    }
    HubSettings settings;
    try {
      settings = HubSettings.fromEnvironment();
    } catch (InvalidSettingException e) {
      System.err.println("Webhook Hub cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    // log4j2.xml picks its appender from this property; set before the hub's first log line.
    System.setProperty("hub.log.format", settings.logFormat());
    Configurator.reconfigure();
    try {
      new Hub(settings).run();
    } catch (Exception e) {
      // A setting found wrong only once the hub runs (the secrets master key against the
      // database) is reported like any other bad setting, not as a stack trace.
      InvalidSettingException invalid = invalidSetting(e);
      if (invalid == null) {
        throw e;
      }
      System.err.println("Webhook Hub cannot start: " + invalid.getMessage());
      System.exit(2);
    }
  }

  private static InvalidSettingException invalidSetting(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidSettingException invalid) {
        return invalid;
      }
    }
    return null;
  }
}
