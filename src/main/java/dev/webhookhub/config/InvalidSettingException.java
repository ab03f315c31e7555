package dev.webhookhub.config;

/** A configuration value the hub cannot start with; the message names the key to fix. */
public class InvalidSettingException extends IllegalArgumentException {

  private final String key;

  public InvalidSettingException(String key, String problem) {
    super(
        "Configuration "
            + key
            + " (environment variable "
            + ConfigValues.environmentName(key)
            + ") "
            + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
