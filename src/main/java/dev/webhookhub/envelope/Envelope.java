package dev.webhookhub.envelope;

import com.fasterxml.jackson.databind.JsonNode;
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
 */
public record Envelope(
    String eventId,
    String eventType,
    String eventTimestamp,
    String organizationId,
    String locationId,
    String apiVersion,
    String source,
    JsonNode data) {

  /** Version of the envelope this hub emits. */
  public static final String API_VERSION = "1.1";

  public Envelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(eventTimestamp, "eventTimestamp");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(data, "data");
  }
}
