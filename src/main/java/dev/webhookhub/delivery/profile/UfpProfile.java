package dev.webhookhub.delivery.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.ufp.UfpNormaliser;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * UFP (Unified Fitness Platform) webhooks: {@code {"webhook_event_type", "created_at",
 * "company_id", "tenant_id", "payload"}}, signed in {@code X-UFP-Signature}.
 *
 * <p>This is the reverse of {@link UfpNormaliser}: a UFP body normalised and rendered with the same
 * zone and date order comes back with the same fields, apart from the alias {@code
 * new_lead_created}, which goes back as the catalogue's {@code newlead_created}.
 */
final class UfpProfile implements WebhookProfile {

  static final String NAME = "ufp";

  private static final String SIGNATURE_HEADER = "X-UFP-Signature";

  /** Ids UFP writes as JSON integers; longer ones or ones with leading zeros stay text. */
  private static final String INTEGER = "0|[1-9][0-9]{0,17}";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void checkOptions(Map<String, String> options) {
    UfpOptions.from(options);
  }

  @Override
  public WebhookRequest render(Envelope event, DeliveryContext context) {
    UfpOptions options = UfpOptions.from(context.options());
    byte[] body = JsonBody.bytes(body(event, options));
    BodySignature signature =
        new BodySignature(SIGNATURE_HEADER, options.encoding(), options.prefix());
    return RequestHeaders.json(RequestHeaders.DEFAULT_USER_AGENT)
        .set(signature.header(), signature.value(body, context.secrets()))
        .build(body, context.customHeaders());
  }

  private static ObjectNode body(Envelope event, UfpOptions options) {
    ObjectNode body = JsonBody.NODES.objectNode();
    body.put(
        "webhook_event_type",
        UfpNormaliser.nativeType(event.eventType()).orElse(event.eventType()));
    body.put("created_at", createdAt(event, options));
    body.set("company_id", id(event.organizationId()));
    // UFP documents tenant_id as an integer; 0 is how UFP itself marks a company-level event, and
    // what UfpNormaliser reads as "no location".
    body.set(
        "tenant_id",
        event.locationId() == null ? JsonBody.NODES.numberNode(0) : id(event.locationId()));
    body.set("payload", JsonBody.data(event).deepCopy());
    return body;
  }

  /** UFP's local {@code MM/dd/uuuu HH:mm}; its format has no seconds, so they are cut off. */
  private static String createdAt(Envelope event, UfpOptions options) {
    DateTimeFormatter format =
        DateTimeFormatter.ofPattern(options.dateOrder().datePattern() + " HH:mm");
    return Instant.parse(event.eventTimestamp()).atZone(options.zone()).format(format);
  }

  private static JsonNode id(String id) {
    return id.matches(INTEGER)
        ? JsonBody.NODES.numberNode(Long.parseLong(id))
        : JsonBody.NODES.textNode(id);
  }
}
