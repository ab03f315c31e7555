package dev.webhookhub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.delivery.RetryPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who gets which events, where and how. Secrets are not part of it: they are read separately, only
 * by the code that signs.
 *
 * @param locationId {@code null} for organization-wide (all of the organization's locations)
 * @param filter payload filter as given, {@code null} for none
 * @param headers custom request headers, e.g. the FineGuide-style {@code X-Webhook-Secret}
 * @param rateLimit most deliveries per second, {@code null} for unlimited
 */
public record Subscription(
    String id,
    String organizationId,
    String locationId,
    List<String> eventTypes,
    JsonNode filter,
    String url,
    String profile,
    Map<String, String> profileOptions,
    Map<String, String> headers,
    RetryPolicy retryPolicy,
    Integer rateLimit,
    String description,
    boolean enabled,
    String disabledReason,
    Instant disabledAt,
    Instant createdAt,
    Instant updatedAt) {

  public Subscription {
    eventTypes = List.copyOf(eventTypes);
    profileOptions = Map.copyOf(profileOptions);
    headers = Map.copyOf(headers);
  }
}
