package dev.webhookhub.signature;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 (RFC 2104) from the JDK, the primitive under every signature the hub sends. */
public final class HmacSha256 {

  private static final String ALGORITHM = "HmacSHA256";

  private HmacSha256() {}

  /** The 32-byte MAC of {@code message} under {@code key}. */
  public static byte[] of(byte[] key, byte[] message) {
    if (key.length == 0) {
      // The JDK refuses an empty key anyway; say why in our words.
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides " + ALGORITHM, e);
    }
  }

  /** The MAC as lower-case hex, the form {@code sha256=<hex>} headers carry. */
  public static String hex(byte[] key, byte[] message) {
    return HexFormat.of().formatHex(of(key, message));
  }
}
