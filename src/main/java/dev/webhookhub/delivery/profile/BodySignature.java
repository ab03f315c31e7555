package dev.webhookhub.delivery.profile;

import dev.webhookhub.signature.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A signature header over the raw body alone, as FitMetrics, UFP and the hub's own envelope profile
 * send it: {@code <prefix><encoded HMAC-SHA256 of the body>}.
 *
 * <p>The key is the secret string's UTF-8 bytes, {@code whsec_} included, because these receivers
 * are told to "compute the HMAC-SHA256 using your secret", i.e. with the string they were shown.
 *
 * <p>During a rotation overlap there is one signature per secret, newest first, joined by {@code ,}
 * in the one header: receivers that split on commas accept either secret; receivers that compare
 * the whole header accept neither until the overlap ends (see {@code docs/profiles.md}).
 *
 * @param header the header's name, e.g. {@code X-FitMetrics-Signature}
 * @param encoding how each MAC is written
 * @param prefix written before each MAC, e.g. {@code sha256=}; may be empty
 */
record BodySignature(String header, SignatureEncoding encoding, String prefix) {

  /** Separates the signatures of a rotation overlap; no encoding or prefix contains it. */
  static final String SEPARATOR = ",";

  BodySignature {
    if (prefix.contains(SEPARATOR)) {
      throw new IllegalArgumentException("a signature prefix must not contain " + SEPARATOR);
    }
  }

  /** The header value, empty when there is no secret (the request goes unsigned). */
  Optional<String> value(byte[] body, List<String> secrets) {
    if (secrets.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        secrets.stream()
            .map(secret -> HmacSha256.of(secret.getBytes(StandardCharsets.UTF_8), body))
            .map(mac -> prefix + encoding.encode(mac))
            .collect(Collectors.joining(SEPARATOR)));
  }
}
