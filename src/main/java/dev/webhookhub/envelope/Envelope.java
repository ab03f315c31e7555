package dev.webhookhub.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The one shape every source is normalised into before it reaches {@code hub.events}.
 *
 * <p>Field order is the wire order: Jackson writes record components as declared, and receivers
 * that diff payloads by eye read the identity fields first.
 *
 * @param eventId unique and stable across redelivery; receivers dedupe on it
 * @param eventType dotted, lower case {@code <family>.<action>}
 * @param eventTimestamp ISO-8601 UTC instant of when it happened at the source
 * @param organizationId company / account the event belongs to
 * @param locationId tenant / location, or {@code null} for organization-wide events
 * @param apiVersion envelope version
 * @param source the source system's name, e.g. {@code ufp}
 * @param data event specific payload, never {@code null}
 * @param replacedEventIds ids of the earlier events this one stands for when the hub coalesced
 *     rapid changes to one entity (in merge order); {@code null} and left out of the JSON otherwise
 */
public record Envelope(
    String eventId,
    String eventType,
    String eventTimestamp,
    String organizationId,
    String locationId,
    String apiVersion,
    String source,
    JsonNode data,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> replacedEventIds) {

  /** Version of the envelope this hub emits. */
  public static final String API_VERSION = "1.1";

  @JsonCreator
  public Envelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(eventTimestamp, "eventTimestamp");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(data, "data");
    replacedEventIds =
        replacedEventIds == null || replacedEventIds.isEmpty()
            ? null
            : List.copyOf(replacedEventIds);
  }

  /** An event as a source sent it: it replaces no other. */
  public Envelope(
      String eventId,
      String eventType,
      String eventTimestamp,
      String organizationId,
      String locationId,
      String apiVersion,
      String source,
      JsonNode data) {
    this(
        eventId,
        eventType,
        eventTimestamp,
        organizationId,
        locationId,
        apiVersion,
        source,
        data,
        null);
  }
}
