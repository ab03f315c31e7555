package dev.webhookhub.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one place where the hub compares something a caller sent with a secret it holds: bearer
 * tokens, passwords, MACs of signatures. A plain {@code equals} stops at the first differing
 * character, so its time tells an attacker how much of a guess was right.
 *
 * <p>Both sides are hashed with SHA-256 first and the two 32-byte digests compared with {@link
 * MessageDigest#isEqual}, which takes the same time wherever they differ. Hashing first also hides
 * the secret's length: {@code isEqual} on the raw values would loop over the expected value's
 * length. {@code SecretComparisonScanTest} keeps every other comparison of such values out of
 * {@code src/main/java}.
 */
public final class SecretComparison {

  private SecretComparison() {}

  /** Whether {@code candidate} is {@code expected}; {@code false} for a {@code null} candidate. */
  public static boolean matches(String expected, String candidate) {
    return candidate != null
        && matches(
            expected.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code candidate} holds the same bytes as {@code expected}, in constant time. */
  public static boolean matches(byte[] expected, byte[] candidate) {
    return candidate != null && MessageDigest.isEqual(sha256(expected), sha256(candidate));
  }

  private static byte[] sha256(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
