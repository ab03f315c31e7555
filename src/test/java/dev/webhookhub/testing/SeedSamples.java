package dev.webhookhub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Seed samples copied into src/test/resources/seeds, read as the text a source would send. */
public final class SeedSamples {

  private SeedSamples() {}

  /** e.g. {@code read("ufp/new_lead_created.json")}. */
  public static String read(String path) {
    try (InputStream in = SeedSamples.class.getResourceAsStream("/seeds/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("No seed fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
