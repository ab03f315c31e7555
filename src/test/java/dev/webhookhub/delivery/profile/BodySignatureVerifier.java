package dev.webhookhub.delivery.profile;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a FitMetrics, UFP or hub receiver does with a body signature, written from their docs with
 * the JDK only and none of the code under test: recompute HMAC-SHA256 of the raw body with the
 * secret string, then compare in constant time with each comma-separated signature in the header.
 */
final class BodySignatureVerifier {

  private final String secret;
  private final String prefix;
  private final boolean base64;

  private BodySignatureVerifier(String secret, String prefix, boolean base64) {
    this.secret = secret;
    this.prefix = prefix;
    this.base64 = base64;
  }

  /** A receiver of {@code sha256=<hex>} headers. */
  static BodySignatureVerifier sha256Hex(String secret) {
    return new BodySignatureVerifier(secret, "sha256=", false);
  }

  static BodySignatureVerifier of(String secret, String prefix, boolean base64) {
    return new BodySignatureVerifier(secret, prefix, base64);
  }

  boolean verifies(byte[] body, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = hmac(body);
    boolean match = false;
    for (String candidate : header.split(",")) {
      if (candidate.startsWith(prefix)) {
        match |= MessageDigest.isEqual(expected, decode(candidate.substring(prefix.length())));
      }
    }
    return match;
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private byte[] decode(String signature) {
    try {
      return base64 ? Base64.getDecoder().decode(signature) : HexFormat.of().parseHex(signature);
    } catch (IllegalArgumentException notEncoded) {
      return new byte[0];
    }
  }
}
