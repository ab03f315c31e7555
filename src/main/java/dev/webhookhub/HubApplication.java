package dev.webhookhub;

import dev.webhookhub.config.HubSettings;
import dev.webhookhub.config.InvalidSettingException;

/** Starts the hub. All wiring lives in {@link HubConfiguration}. */
public final class HubApplication {

  private HubApplication() {}

  public static void main(String... args) throws Exception {
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
