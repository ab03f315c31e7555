package dev.webhookhub.delivery.profile;

import dev.webhookhub.envelope.Envelope;

/**
 * The hub's own format, and the default: the envelope as JSON, signed over the raw body.
 *
 * <pre>
 * X-Hub-Event: lead.created
 * X-Hub-Delivery: &lt;deliveryId&gt;
 * X-Hub-Signature: sha256=&lt;hex&gt;          (only with a secret)
 * </pre>
 */
final class EnvelopeProfile implements WebhookProfile {

  static final String NAME = "envelope";

  private static final BodySignature SIGNATURE =
      new BodySignature("X-Hub-Signature", SignatureEncoding.HEX, "sha256=");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WebhookRequest render(Envelope event, DeliveryContext context) {
    checkOptions(context.options());
    byte[] body = JsonBody.bytes(event);
    return RequestHeaders.json(RequestHeaders.DEFAULT_USER_AGENT)
        .set("X-Hub-Event", event.eventType())
        .set("X-Hub-Delivery", context.deliveryId())
        .set(SIGNATURE.header(), SIGNATURE.value(body, context.secrets()))
        .build(body, context.customHeaders());
  }
}
