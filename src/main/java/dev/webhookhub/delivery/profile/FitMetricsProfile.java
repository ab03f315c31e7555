package dev.webhookhub.delivery.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.fitmetrics.FitMetricsNormaliser;

/**
 * FitMetrics AI Assistant notifications, as FitMetrics promises them. FitMetrics lists the fields
 * but not the layout; the body is the layout the hub already reads ({@code docs/event-mapping.md})
 * without the hub's routing fields:
 *
 * <pre>{@code
 * {"event": "message_deferred", "timestamp": "<eventTimestamp>",
 *  "client": {...}, "message": {...}, "deferral": {...}, "assigned_coach": {...} | null}
 * }</pre>
 *
 * <p>For other event types the body is {@code event}, {@code timestamp}, then the data's fields.
 */
final class FitMetricsProfile implements WebhookProfile {

  static final String NAME = "fitmetrics";

  /** FitMetrics' own agent: receivers may filter on it. */
  static final String USER_AGENT = "FitMetrics-AI-Assistant-Webhook/1.0";

  private static final String MESSAGE_DEFERRED = "message_deferred";

  private static final BodySignature SIGNATURE =
      new BodySignature("X-FitMetrics-Signature", SignatureEncoding.HEX, "sha256=");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WebhookRequest render(Envelope event, DeliveryContext context) {
    checkOptions(context.options());
    String nativeEvent =
        FitMetricsNormaliser.nativeType(event.eventType()).orElse(event.eventType());
    byte[] body = JsonBody.bytes(body(event, nativeEvent));
    return RequestHeaders.json(USER_AGENT)
        .set("X-FitMetrics-Event", nativeEvent)
        .set("X-FitMetrics-Delivery", context.deliveryId())
        .set(SIGNATURE.header(), SIGNATURE.value(body, context.secrets()))
        .build(body, context.customHeaders());
  }

  private static ObjectNode body(Envelope event, String nativeEvent) {
    ObjectNode body = JsonBody.NODES.objectNode();
    body.put("event", nativeEvent);
    body.put("timestamp", event.eventTimestamp());
    JsonBody.appendData(body, event);
    if (nativeEvent.equals(MESSAGE_DEFERRED) && !body.has("assigned_coach")) {
      // "Assigned Coach (if available)": always present, null when there is none, so receivers
      // see one shape.
      body.putNull("assigned_coach");
    }
    return body;
  }
}
