package dev.webhookhub.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads fields of a source message and turns every shape problem into an {@link
 * InvalidEventException} that names the field, so a sender can fix its message without reading our
 * code.
 *
 * <p>Fields are addressed by a path of keys ({@code "message", "id"}) and named in messages by the
 * dotted path ({@code message.id}). A JSON {@code null} or a blank string counts as absent: sources
 * send both when they mean "no value".
 */
public final class JsonFields {

  private JsonFields() {}

  /** The message body as an object; every source in the hub sends JSON objects. */
  public static ObjectNode body(SourceMessage message) {
    if (!(message.body() instanceof ObjectNode body)) {
      throw new InvalidEventException("the message must be a JSON object");
    }
    return body;
  }

  /** Text of a present, non-blank string or number field. */
  public static String requiredText(JsonNode node, String... path) {
    return optionalText(node, path)
        .orElseThrow(() -> new InvalidEventException(name(path) + " is missing"));
  }

  /**
   * Text of a string or number field, or empty when absent. Numbers are accepted because sources
   * disagree on whether ids are numbers (UFP's {@code company_id: 1}) or strings.
   */
  public static Optional<String> optionalText(JsonNode node, String... path) {
    JsonNode value = find(node, path);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual() && !value.isNumber()) {
      throw new InvalidEventException(name(path) + " must be a string or a number");
    }
    return Optional.of(value.asText());
  }

  /** A present JSON object field. */
  public static ObjectNode requiredObject(JsonNode node, String... path) {
    JsonNode value = find(node, path);
    if (value == null) {
      throw new InvalidEventException(name(path) + " is missing");
    }
    if (!(value instanceof ObjectNode object)) {
      throw new InvalidEventException(name(path) + " must be a JSON object");
    }
    return object;
  }

  /**
   * The value at {@code path}, or {@code null} when it, or an object on the way to it, is absent,
   * JSON {@code null} or a blank string.
   */
  private static JsonNode find(JsonNode node, String... path) {
    JsonNode current = node;
    for (int i = 0; i < path.length; i++) {
      if (i > 0 && !current.isObject()) {
        throw new InvalidEventException(name(path, i) + " must be a JSON object");
      }
      current = current.get(path[i]);
      if (isAbsent(current)) {
        return null;
      }
    }
    return current;
  }

  private static boolean isAbsent(JsonNode value) {
    return value == null || value.isNull() || (value.isTextual() && value.asText().isBlank());
  }

  private static String name(String[] path) {
    return name(path, path.length);
  }

  private static String name(String[] path, int length) {
    return String.join(".", Arrays.asList(path).subList(0, length));
  }
}
