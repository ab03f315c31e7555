package dev.webhookhub.signature;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A signature as the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> spec defines
 * it: {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}, keyed with the base64-decoded
 * part of the secret after {@code whsec_}.
 */
public final class StandardWebhooksSignature {

  /** The prefix Standard Webhooks secrets carry; it is not part of the key. */
  public static final String SECRET_PREFIX = "whsec_";

  /** The prefix of a signature entry of the only scheme the spec defines, HMAC-SHA256. */
  private static final String VERSION = "v1,";

  private StandardWebhooksSignature() {}

  /**
   * @param secret {@code whsec_<base64>}, or the bare base64 the spec also allows
   * @param messageId the {@code webhook-id} header
   * @param timestamp the {@code webhook-timestamp} header, epoch seconds
   * @param body the raw body as sent
   * @return {@code v1,<base64>}
   * @throws IllegalArgumentException when the secret is not base64 after its prefix
   */
  public static String sign(String secret, String messageId, long timestamp, byte[] body) {
    byte[] head = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[head.length + body.length];
    System.arraycopy(head, 0, signed, 0, head.length);
    System.arraycopy(body, 0, signed, head.length, body.length);
    return VERSION + Base64.getEncoder().encodeToString(HmacSha256.of(key(secret), signed));
  }

  /**
   * Whether a {@code webhook-signature} header holds a valid signature of this message under one of
   * the secrets. The header lists space-separated {@code v1,<base64>} entries (a sender rotating
   * its secret signs with both); one match is enough, other versions are ignored as the spec says.
   * Compares in constant time, so that timing does not tell how much of a forged MAC was right. The
   * timestamp's freshness is the caller's to check.
   */
  public static boolean verify(
      List<String> secrets, String messageId, long timestamp, byte[] body, String header) {
    boolean matched = false;
    for (String secret : secrets) {
      byte[] expected = mac(sign(secret, messageId, timestamp, body));
      for (String entry : header.trim().split(" +")) {
        if (entry.startsWith(VERSION)) {
          matched |= SecretComparison.matches(expected, mac(entry));
        }
      }
    }
    return matched;
  }

  /** The MAC bytes of a {@code v1,<base64>} entry; empty if it is not base64. */
  private static byte[] mac(String entry) {
    try {
      return Base64.getDecoder().decode(entry.substring(VERSION.length()));
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  /** The key bytes of a secret: base64-decoded, without the {@code whsec_} prefix. */
  public static byte[] key(String secret) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      // Never echo the secret itself.
      throw new IllegalArgumentException("a Standard Webhooks secret must be whsec_<base64>", e);
    }
  }
}
