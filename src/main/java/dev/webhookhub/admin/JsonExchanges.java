package dev.webhookhub.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.http.ProblemException;
import dev.webhookhub.ingest.MalformedBodyException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Reading JSON requests and writing JSON answers of the admin API. */
final class JsonExchanges {

  private final ObjectMapper json;

  JsonExchanges(ObjectMapper json) {
    this.json = json;
  }

  /**
   * The request body as JSON; an empty body reads as {@code {}} for endpoints where it is optional.
   */
  JsonNode body(Exchange exchange) {
    String text = exchange.getMessage().getBody(String.class);
    if (text == null || text.isBlank()) {
      return json.createObjectNode();
    }
    return parse(text);
  }

  /**
   * The body of a call that is about the body (create, replace, merge-patch a subscription): an
   * empty one is malformed, not {@code {}}, which a merge-patch took as "change nothing" (200).
   */
  JsonNode requiredBody(Exchange exchange) {
    String text = exchange.getMessage().getBody(String.class);
    if (text == null || text.isBlank()) {
      throw new MalformedBodyException("the body is empty; expected a JSON object", null);
    }
    return parse(text);
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw MalformedBodyException.of(e, json.getFactory().streamReadConstraints());
    }
  }

  /**
   * A path id. One with a control character names nothing: the hub stores no such id (ingest and
   * the subscription parser refuse them), and PostgreSQL refuses a NUL in a text parameter, which
   * turned the lookup into a 500 there. So it is unknown here, before any query, on every database.
   */
  String pathParam(Exchange exchange, String name) {
    String value = exchange.getMessage().getHeader(name, String.class);
    if (hasControlCharacter(value)) {
      throw new ProblemException(
          404,
          "not-found",
          "Not found",
          "there is nothing with that " + name + ": it contains a control character");
    }
    return value;
  }

  /** A query value; one with a control character is refused for the reason a path id is. */
  String queryParam(Exchange exchange, String name) {
    String value = exchange.getMessage().getHeader(name, String.class);
    refuseControlCharacter(name, value);
    return value == null || value.isBlank() ? null : value;
  }

  /** A text field of a request body that names a stored id, refused as a query value is. */
  static String idField(JsonNode body, String field) {
    String value = body.path(field).asText(null);
    refuseControlCharacter(field, value);
    return value;
  }

  private static void refuseControlCharacter(String field, String value) {
    if (hasControlCharacter(value)) {
      throw invalidRequest(field, "contains a control character (NUL, CR, LF, …)");
    }
  }

  private static boolean hasControlCharacter(String value) {
    return value != null && value.chars().anyMatch(Character::isISOControl);
  }

  /**
   * Replaces the message with the answer. Request headers are dropped first: the HTTP server would
   * otherwise echo them, Authorization included, as response headers.
   */
  void reply(Exchange exchange, int status, JsonNode body) {
    Message message = exchange.getMessage();
    message.removeHeaders("*");
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    if (body == null) {
      message.setBody(null);
      return;
    }
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    message.setBody(body.toString());
  }

  static ProblemException notFound(String what, String id) {
    return new ProblemException(404, "not-found", "Not found", "there is no " + what + " " + id);
  }

  /**
   * A bad field of an operation's request (a query parameter, a replay's body) that is not a
   * subscription's field; the detail starts with the field's name, as for subscriptions.
   */
  static ProblemException invalidRequest(String field, String problem) {
    return new ProblemException(422, "invalid-request", "Invalid request", field + " " + problem);
  }

  ObjectMapper mapper() {
    return json;
  }
}
