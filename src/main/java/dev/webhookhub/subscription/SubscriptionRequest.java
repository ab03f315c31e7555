package dev.webhookhub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.delivery.RetryPolicy;
import java.util.List;
import java.util.Map;

/** A checked create or update request: every field valid, defaults filled in. */
public record SubscriptionRequest(
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
    String description) {}
