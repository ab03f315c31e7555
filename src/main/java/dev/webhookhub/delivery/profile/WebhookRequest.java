package dev.webhookhub.delivery.profile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exactly what is sent for one delivery attempt: the raw body the signatures cover and the headers
 * in sending order, {@code Content-Type} included.
 *
 * <p>The body is copied on the way in so that the bytes that were signed are the bytes that are
 * sent; equality compares content, so two renderings of the same attempt are equal.
 */
public record WebhookRequest(byte[] body, Map<String, String> headers) {

  public WebhookRequest {
    body = body.clone();
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookRequest that
        && Arrays.equals(body, that.body)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(body) + headers.hashCode();
  }

  @Override
  public String toString() {
    return "WebhookRequest[headers=" + headers + ", body=" + bodyText() + "]";
  }
}
