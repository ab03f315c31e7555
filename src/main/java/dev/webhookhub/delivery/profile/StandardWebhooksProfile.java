package dev.webhookhub.delivery.profile;

import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.signature.StandardWebhooksSignature;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The envelope as JSON, signed as the <a href="https://www.standardwebhooks.com/">Standard
 * Webhooks</a> spec says, so receivers can verify with any of its libraries.
 *
 * <p>{@code webhook-id} is the delivery id: the spec wants an id that is the same on every retry of
 * one message and unique otherwise, which is what a delivery id is; the event id is in the body for
 * receivers that want to deduplicate across subscriptions. {@code webhook-timestamp} is the
 * attempt's time, so each retry is signed afresh and a receiver's replay window holds.
 */
final class StandardWebhooksProfile implements WebhookProfile {

  static final String NAME = "standard-webhooks";

  /** The spec's separator between the signatures of several secrets. */
  private static final String SEPARATOR = " ";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WebhookRequest render(Envelope event, DeliveryContext context) {
    checkOptions(context.options());
    byte[] body = JsonBody.bytes(event);
    long timestamp = context.attemptedAt().getEpochSecond();
    return RequestHeaders.json(RequestHeaders.DEFAULT_USER_AGENT)
        .set("webhook-id", context.deliveryId())
        .set("webhook-timestamp", Long.toString(timestamp))
        .set("webhook-signature", signatures(context, timestamp, body))
        .build(body, context.customHeaders());
  }

  private static Optional<String> signatures(DeliveryContext context, long timestamp, byte[] body) {
    if (context.secrets().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        context.secrets().stream()
            .map(
                secret ->
                    StandardWebhooksSignature.sign(secret, context.deliveryId(), timestamp, body))
            .collect(Collectors.joining(SEPARATOR)));
  }
}
