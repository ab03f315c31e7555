package dev.webhookhub.envelope.fineguide;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.DeterministicEventId;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.EventTypeTable;
import dev.webhookhub.envelope.JsonFields;
import dev.webhookhub.envelope.Normaliser;
import dev.webhookhub.envelope.OrganizationResolver;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import java.util.Map;
import java.util.Optional;

/**
 * FineGuide AI Assistant webhooks: {@code {"type", "botId", "sessionId", ...}}.
 *
 * <p>The body becomes {@code data} unchanged so the FineGuide wire profile can render it back
 * exactly. FineGuide sends no event id and no timestamp, so the id is derived from the body and the
 * time is when the hub received the message. Only {@code CREATE_LEAD} names an organization.
 */
public final class FineGuideNormaliser implements Normaliser {

  static final EventTypeTable TYPES =
      EventTypeTable.of(
          Map.of(
              "MESSAGE", "message.sent",
              "SESSION_OPEN", "session.opened",
              "SESSION_CLOSED", "session.closed",
              "TICKET", "ticket.created",
              "CREATE_LEAD", "lead.created",
              "RATE_MESSAGE", "message.rated",
              "MESSAGE_AUDIO_URL", "message.audio_ready",
              "VARIABLE_UPDATE", "session.variables_updated"));

  /** The FineGuide {@code type} an envelope type came from, empty for pass-through types. */
  public static Optional<String> nativeType(String eventType) {
    return TYPES.nativeType(eventType);
  }

  @Override
  public Envelope normalise(SourceMessage message, SourceSettings settings) {
    ObjectNode body = JsonFields.body(message);
    String type = JsonFields.requiredText(body, "type");
    JsonFields.requiredText(body, "botId");
    JsonFields.requiredText(body, "sessionId");
    return new Envelope(
        DeterministicEventId.of(settings.name(), body),
        TYPES.envelopeType(type, settings),
        message.receivedAt().toString(),
        OrganizationResolver.organizationId(
            JsonFields.optionalText(body, "organizationId"), message, settings),
        OrganizationResolver.locationId(Optional.empty(), message),
        Envelope.API_VERSION,
        settings.name(),
        body.deepCopy());
  }
}
