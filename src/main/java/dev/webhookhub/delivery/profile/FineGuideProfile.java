package dev.webhookhub.delivery.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.EventTypeTable;
import dev.webhookhub.envelope.fineguide.FineGuideNormaliser;
import java.util.Optional;

/**
 * FineGuide AI Assistant webhooks: the FineGuide payload with {@code type} first.
 *
 * <p>A FineGuide event's data is its whole native payload, so the body is that payload with {@code
 * type} set to FineGuide's name for the event. Events from other sources get {@code type} = the
 * envelope type followed by their data; they have no {@code botId} or {@code sessionId}.
 *
 * <p>FineGuide signs nothing: receivers authenticate with a header of their choosing, which comes
 * from the subscription's custom headers.
 */
final class FineGuideProfile implements WebhookProfile {

  static final String NAME = "fineguide";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WebhookRequest render(Envelope event, DeliveryContext context) {
    checkOptions(context.options());
    ObjectNode body = JsonBody.NODES.objectNode();
    body.put("type", type(event));
    JsonBody.appendData(body, event);
    return RequestHeaders.json(RequestHeaders.DEFAULT_USER_AGENT)
        .build(JsonBody.bytes(body), context.customHeaders());
  }

  /**
   * FineGuide's name for the event: from the table, else the {@code type} the data still carries
   * when the envelope type is that type passed through (a FineGuide type the hub does not map yet,
   * e.g. {@code NEW_THING} → {@code fineguide.new_thing}, goes back as {@code NEW_THING}), else the
   * envelope type.
   */
  static String type(Envelope event) {
    return FineGuideNormaliser.nativeType(event.eventType())
        .or(() -> passedThroughType(event))
        .orElse(event.eventType());
  }

  private static Optional<String> passedThroughType(Envelope event) {
    return Optional.ofNullable(JsonBody.data(event).get("type"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .filter(type -> EventTypeTable.passThrough(event.source(), type).equals(event.eventType()));
  }
}
