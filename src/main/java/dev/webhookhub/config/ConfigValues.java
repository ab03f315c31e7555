package dev.webhookhub.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Looks up one configuration key in three layers (explicit overrides, then the environment, then
 * the properties files) and turns bad values into {@link InvalidSettingException}s that name the
 * key. Values are never echoed for keys that hold secrets.
 */
final class ConfigValues {

  private final Properties fileValues;
  private final Map<String, String> environment;
  private final Map<String, String> overrides;

  ConfigValues(
      Properties fileValues, Map<String, String> environment, Map<String, String> overrides) {
    this.fileValues = fileValues;
    this.environment = environment;
    this.overrides = overrides;
  }

  /** {@code hub.http-port} → {@code HUB_HTTP_PORT}. */
  static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  Optional<String> optional(String key) {
    String value = overrides.get(key);
    if (value == null) {
      value = environment.get(environmentName(key));
    }
    if (value == null) {
      value = fileValues.getProperty(key);
    }
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  String required(String key) {
    return optional(key).orElseThrow(() -> new InvalidSettingException(key, "is not set"));
  }

  int port(String key) {
    return integer(key, 0, 65_535);
  }

  int integer(String key, int min, int max) {
    String text = required(key);
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw invalid(key, text, "expected a whole number from " + min + " to " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw invalid(key, text, "expected a whole number from " + min + " to " + max);
    }
  }

  boolean bool(String key) {
    String text = required(key);
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, text, "expected true or false");
    };
  }

  Duration duration(String key) {
    String text = required(key);
    try {
      Duration value = Duration.parse(text);
      if (value.isNegative() || value.isZero()) {
        throw invalid(key, text, "expected a positive ISO-8601 duration such as PT0.5S or PT5M");
      }
      return value;
    } catch (DateTimeParseException e) {
      throw invalid(key, text, "expected an ISO-8601 duration such as PT0.5S or PT5M");
    }
  }

  List<String> list(String key) {
    return Arrays.stream(required(key).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  InvalidSettingException invalid(String key, String value, String expectation) {
    String shown = isSecret(key) ? "(hidden)" : "'" + withoutCredentials(value) + "'";
    return new InvalidSettingException(key, "has the invalid value " + shown + ": " + expectation);
  }

  Properties resolvedWithPrefix(String prefix) {
    Set<String> keys = new HashSet<>(fileValues.stringPropertyNames());
    keys.addAll(overrides.keySet());
    Properties resolved = new Properties();
    for (String key : keys) {
      if (key.startsWith(prefix)) {
        optional(key).ifPresent(value -> resolved.setProperty(key, value));
      }
    }
    return resolved;
  }

  /** URLs may carry a password ({@code //user:pw@host}, {@code ?password=pw}); never echo it. */
  static String withoutCredentials(String value) {
    return value
        .replaceAll("//[^/@\\s]*@", "//(hidden)@")
        .replaceAll("(?i)(password|secret|token)=[^&;\\s]*", "$1=(hidden)");
  }

  static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.endsWith("key");
  }
}
