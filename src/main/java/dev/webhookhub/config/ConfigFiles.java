package dev.webhookhub.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Reads {@code application.properties}: the copy packaged in the jar holds every default, and a
 * {@code config/application.properties} next to where the hub runs may change any of them without a
 * rebuild.
 */
public final class ConfigFiles {

  /** Name of the properties file, both on the classpath and under {@code config/}. */
  public static final String FILE_NAME = "application.properties";

  private ConfigFiles() {}

  public static Properties read() {
    Properties properties = new Properties();
    try (InputStream packaged = ConfigFiles.class.getClassLoader().getResourceAsStream(FILE_NAME)) {
      if (packaged != null) {
        properties.load(packaged);
      }
      Path local = Path.of("config", FILE_NAME);
      if (Files.isRegularFile(local)) {
        try (Reader reader = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
          properties.load(reader);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + FILE_NAME, e);
    }
    return properties;
  }
}
