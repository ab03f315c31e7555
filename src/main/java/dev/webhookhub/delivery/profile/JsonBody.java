package dev.webhookhub.delivery.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;

/**
 * Writes request bodies: compact UTF-8 JSON, fields in the order they were added (record fields in
 * declaration order), the same bytes {@code hub.events} carries for an envelope.
 */
final class JsonBody {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final JsonNodeFactory NODES = JSON.getNodeFactory();

  private JsonBody() {}

  /** {@code value} (a record or a tree) as the bytes that are signed and sent. */
  static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an envelope or JSON tree always serialises", e);
    }
  }

  /**
   * The event's data as an object. Every normaliser produces object data; anything else would make
   * a profile silently drop the payload, so it is refused.
   */
  static ObjectNode data(Envelope event) {
    if (!(event.data() instanceof ObjectNode data)) {
      throw new IllegalArgumentException(
          "event " + event.eventId() + " has data that is not a JSON object");
    }
    return data;
  }

  /**
   * Appends the event's data to a native body that already holds its leading fields, and returns
   * it. A data field named like a leading field is left out: the profile's value is the one
   * receivers were promised.
   */
  static ObjectNode appendData(ObjectNode body, Envelope event) {
    data(event)
        .fields()
        .forEachRemaining(
            field -> {
              if (!body.has(field.getKey())) {
                body.set(field.getKey(), field.getValue().deepCopy());
              }
            });
    return body;
  }
}
