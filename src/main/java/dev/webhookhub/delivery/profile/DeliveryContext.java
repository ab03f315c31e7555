package dev.webhookhub.delivery.profile;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one delivery attempt needs besides the event.
 *
 * @param deliveryId unique per (event × subscription) and the same on every retry, so a receiver
 *     can deduplicate retries by it
 * @param subscriptionId the subscription being delivered to
 * @param attemptedAt the signing time of this attempt ({@code webhook-timestamp})
 * @param secrets signing secrets, newest first; empty means unsigned, two during a rotation overlap
 * @param customHeaders the subscription's own headers (e.g. {@code X-Webhook-Secret}), sent in this
 *     order
 * @param options the subscription's profile options, e.g. UFP's {@code zone}; may be empty
 */
public record DeliveryContext(
    String deliveryId,
    String subscriptionId,
    Instant attemptedAt,
    List<String> secrets,
    Map<String, String> customHeaders,
    Map<String, String> options) {

  public DeliveryContext {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(attemptedAt, "attemptedAt");
    secrets = List.copyOf(secrets);
    if (secrets.stream().anyMatch(String::isBlank)) {
      // A blank secret would sign with an empty key: a signature anyone can forge.
      throw new IllegalArgumentException("a signing secret must not be blank");
    }
    customHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(customHeaders));
    options = Map.copyOf(options);
  }

  /** An unsigned attempt without custom headers or options. */
  public static DeliveryContext unsigned(
      String deliveryId, String subscriptionId, Instant attemptedAt) {
    return new DeliveryContext(
        deliveryId, subscriptionId, attemptedAt, List.of(), Map.of(), Map.of());
  }

  /** This context with other secrets, newest first. */
  public DeliveryContext withSecrets(String... newSecrets) {
    return new DeliveryContext(
        deliveryId, subscriptionId, attemptedAt, List.of(newSecrets), customHeaders, options);
  }

  /** This context with other custom headers. */
  public DeliveryContext withCustomHeaders(Map<String, String> headers) {
    return new DeliveryContext(deliveryId, subscriptionId, attemptedAt, secrets, headers, options);
  }

  /** This context with other profile options. */
  public DeliveryContext withOptions(Map<String, String> newOptions) {
    return new DeliveryContext(
        deliveryId, subscriptionId, attemptedAt, secrets, customHeaders, newOptions);
  }
}
