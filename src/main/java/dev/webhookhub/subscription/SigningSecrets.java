package dev.webhookhub.subscription;

import java.security.SecureRandom;
import java.util.Base64;

/** Generates and checks subscription signing secrets: {@code whsec_} + base64 of random bytes. */
public final class SigningSecrets {

  public static final String PREFIX = "whsec_";

  /** Bytes of a generated secret; Standard Webhooks asks for 24 to 64. */
  static final int GENERATED_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private SigningSecrets() {}

  public static String generate() {
    byte[] bytes = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Checks a secret a caller supplies. The message names the problem but never the value.
   *
   * @return {@code null} if valid, else why not
   */
  public static String problem(String secret) {
    if (!secret.startsWith(PREFIX)) {
      return "must start with " + PREFIX;
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return "must be " + PREFIX + " followed by standard base64";
    }
    if (key.length < 24 || key.length > 64) {
      return "must encode 24 to 64 random bytes (it encodes " + key.length + ")";
    }
    return null;
  }
}
