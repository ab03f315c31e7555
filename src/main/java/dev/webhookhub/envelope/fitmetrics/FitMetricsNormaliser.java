package dev.webhookhub.envelope.fitmetrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.DeterministicEventId;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.EventTypeTable;
import dev.webhookhub.envelope.JsonFields;
import dev.webhookhub.envelope.Normaliser;
import dev.webhookhub.envelope.OrganizationResolver;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import dev.webhookhub.envelope.SourceTimestamps;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FitMetrics AI Assistant notifications. FitMetrics documents the fields of its {@code
 * message_deferred} notification but not their JSON layout, so the hub defines it (see {@code
 * docs/event-mapping.md}):
 *
 * <pre>{@code
 * {"event": "message_deferred", "timestamp": "...", "organization_id": "...", "location_id": "...",
 *  "client": {...}, "message": {...}, "deferral": {...}, "assigned_coach": {...} | null}
 * }</pre>
 *
 * <p>The routing fields are lifted into the envelope and everything else is {@code data}, kept as
 * sent.
 */
public final class FitMetricsNormaliser implements Normaliser {

  static final EventTypeTable TYPES =
      EventTypeTable.of(Map.of("message_deferred", "message.deferred"));

  /** Body fields that become envelope fields rather than data. */
  private static final List<String> ENVELOPE_FIELDS =
      List.of("event", "timestamp", "organization_id", "location_id");

  /** The FitMetrics {@code event} an envelope type came from, empty for pass-through types. */
  public static Optional<String> nativeType(String eventType) {
    return TYPES.nativeType(eventType);
  }

  @Override
  public Envelope normalise(SourceMessage message, SourceSettings settings) {
    ObjectNode body = JsonFields.body(message);
    String event = JsonFields.requiredText(body, "event");
    if (event.equals("message_deferred")) {
      requireDeferralShape(body);
    }
    ObjectNode data = body.deepCopy();
    data.remove(ENVELOPE_FIELDS);
    return new Envelope(
        DeterministicEventId.of(settings.name(), body),
        TYPES.envelopeType(event, settings),
        eventTimestamp(body, message, settings),
        OrganizationResolver.organizationId(
            JsonFields.optionalText(body, "organization_id"), message, settings),
        OrganizationResolver.locationId(JsonFields.optionalText(body, "location_id"), message),
        Envelope.API_VERSION,
        settings.name(),
        data);
  }

  /**
   * Only the documented event is held to the documented shape: an event type FitMetrics adds later
   * must pass through, not be rejected for lacking a deferral.
   */
  private static void requireDeferralShape(ObjectNode body) {
    JsonFields.requiredObject(body, "client");
    JsonFields.requiredObject(body, "message");
    JsonFields.requiredText(body, "message", "id");
    JsonFields.requiredObject(body, "deferral");
    JsonFields.requiredText(body, "deferral", "topic");
  }

  /** When it happened: the notification's time, else when the client's message arrived. */
  private static String eventTimestamp(
      ObjectNode body, SourceMessage message, SourceSettings settings) {
    Optional<String> timestamp = JsonFields.optionalText(body, "timestamp");
    if (timestamp.isPresent()) {
      return SourceTimestamps.toUtc(timestamp.get(), settings, "timestamp");
    }
    Optional<String> receivedAt = JsonFields.optionalText(body, "message", "received_at");
    if (receivedAt.isPresent()) {
      return SourceTimestamps.toUtc(receivedAt.get(), settings, "message.received_at");
    }
    return message.receivedAt().toString();
  }
}
