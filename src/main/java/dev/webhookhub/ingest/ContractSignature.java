package dev.webhookhub.ingest;

import dev.webhookhub.signature.HmacSha256;
import dev.webhookhub.signature.SecretComparison;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The signature header a source family's own webhook contract defines, for source systems that
 * cannot sign the Standard Webhooks way: {@code <prefix><hex HMAC-SHA256 of the raw body>}, keyed
 * with the secret string as the source's settings page shows it (the {@code whsec_…} string's UTF-8
 * bytes, the same convention as the hub's outgoing profiles of these families).
 *
 * <p>Only families whose contract names a header and its format are here. FitProTracker's contract
 * says requests are signed but not how, and FineGuide's sends a fixed custom header instead (set it
 * to {@code Authorization: Bearer <token>} and use a token); both use the Standard Webhooks headers
 * or a token. These signatures carry no timestamp, so unlike Standard Webhooks they do not limit
 * replays: the hub's dedupe by event id is what stops a replayed event.
 */
enum ContractSignature {
  /** FitMetrics: {@code X-FitMetrics-Signature: sha256=<hex>} (its webhook settings page). */
  FITMETRICS("fitmetrics", "X-FitMetrics-Signature", "sha256="),
  /**
   * UFP: {@code X-UFP-Signature: <hex>}; its guide names the header but not the encoding, and hex
   * without a prefix is what the hub's own UFP profile sends by default.
   */
  UFP("ufp", "X-UFP-Signature", "");

  private final String family;
  private final String header;
  private final String prefix;

  ContractSignature(String family, String header, String prefix) {
    this.family = family;
    this.header = header;
    this.prefix = prefix;
  }

  /** The contract signature of a normaliser family, if its contract defines one. */
  static Optional<ContractSignature> of(String normaliser) {
    for (ContractSignature contract : values()) {
      if (contract.family.equals(normaliser)) {
        return Optional.of(contract);
      }
    }
    return Optional.empty();
  }

  String header() {
    return header;
  }

  /**
   * Whether the header value signs the body under one of the secrets, compared in constant time. A
   * value may list several signatures separated by commas (a sender rotating its secret).
   */
  boolean verify(List<String> secrets, byte[] body, String value) {
    boolean matched = false;
    for (String secret : secrets) {
      byte[] expected = HmacSha256.of(secret.getBytes(StandardCharsets.UTF_8), body);
      for (String signature : value.split(",")) {
        matched |= SecretComparison.matches(expected, mac(signature.trim()));
      }
    }
    return matched;
  }

  private byte[] mac(String signature) {
    if (!signature.toLowerCase(Locale.ROOT).startsWith(prefix)) {
      return new byte[0];
    }
    try {
      return HexFormat.of().parseHex(signature.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
