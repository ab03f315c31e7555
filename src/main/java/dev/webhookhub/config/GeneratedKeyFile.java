package dev.webhookhub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random value the hub generates once into its data dir when none is configured (the admin token,
 * the secrets master key), readable only by the hub's user. Several hubs sharing one database must
 * be given the same value through configuration instead.
 */
public final class GeneratedKeyFile {

  private static final SecureRandom RANDOM = new SecureRandom();

  private GeneratedKeyFile() {}

  /**
   * @return the file's value, creating the file with {@code bytes} random bytes (base64 URL-safe,
   *     no padding) if it does not exist yet
   */
  public static String readOrCreate(Path file, int bytes) {
    try {
      if (!Files.exists(file)) {
        create(file, bytes);
      }
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create " + file, e);
    }
  }

  private static void create(Path file, int bytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Files.writeString(file, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException raced) {
      return; // another hub on the same data dir won; use its value
    }
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the data dir's permissions.
    }
  }
}
