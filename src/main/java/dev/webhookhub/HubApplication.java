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
    new Hub(settings).run();
  }
}
