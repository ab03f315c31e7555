package dev.webhookhub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A subscription's optional condition on the event, in the spirit of Convoy's and Outpost's
 * filters. JSON form:
 *
 * <pre>
 * {"all": [c, …]}   {"any": [c, …]}   {"not": c}
 * {"field": "data.client.email", "equals": "a@b.c"}
 * {"field": "locationId", "in": ["loc-1", "loc-2"]}
 * {"field": "data.assigned_coach", "exists": true}
 * {"field": "eventType", "prefix": "payment."}
 * </pre>
 *
 * Fields are dot paths into the envelope ({@code eventType}, {@code data.…}). {@link #parse}
 * rejects a malformed filter with the path of the offending part, so a filter that is stored always
 * evaluates.
 */
public sealed interface PayloadFilter {

  boolean test(JsonNode envelope);

  record All(List<PayloadFilter> parts) implements PayloadFilter {
    @Override
    public boolean test(JsonNode envelope) {
      return parts.stream().allMatch(p -> p.test(envelope));
    }
  }

  record Any(List<PayloadFilter> parts) implements PayloadFilter {
    @Override
    public boolean test(JsonNode envelope) {
      return parts.stream().anyMatch(p -> p.test(envelope));
    }
  }

  record Not(PayloadFilter part) implements PayloadFilter {
    @Override
    public boolean test(JsonNode envelope) {
      return !part.test(envelope);
    }
  }

  /** One condition on the value at a path; a missing value fails all but {@code exists:false}. */
  record Condition(String field, String operator, JsonNode operand) implements PayloadFilter {
    @Override
    public boolean test(JsonNode envelope) {
      JsonNode value = at(envelope, field);
      boolean present = value != null && !value.isNull();
      return switch (operator) {
        case "exists" -> present == operand.asBoolean();
        case "equals" -> present && sameValue(value, operand);
        case "in" -> present && contains(operand, value);
        case "prefix" ->
            present && value.isTextual() && value.asText().startsWith(operand.asText());
        default -> throw new IllegalStateException("unknown operator " + operator);
      };
    }

    private static boolean contains(JsonNode options, JsonNode value) {
      for (JsonNode option : options) {
        if (sameValue(value, option)) {
          return true;
        }
      }
      return false;
    }

    /** Numbers compare by value, so 1 equals 1.0, as a person writing a filter expects. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
      if (a.isNumber() && b.isNumber()) {
        return a.decimalValue().compareTo(b.decimalValue()) == 0;
      }
      return a.equals(b);
    }

    private static JsonNode at(JsonNode root, String path) {
      JsonNode node = root;
      for (String part : path.split("\\.")) {
        if (node == null || !node.isObject()) {
          return null;
        }
        node = node.get(part);
      }
      return node;
    }
  }

  /** Nesting deeper than this is refused: a filter is evaluated for every event. */
  int MAX_DEPTH = 8;

  static PayloadFilter parse(JsonNode json) {
    return parse(json, "filter", 0);
  }

  private static PayloadFilter parse(JsonNode json, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidSubscriptionException(path, "nests deeper than " + MAX_DEPTH + " levels");
    }
    if (json == null || !json.isObject() || json.size() == 0) {
      throw new InvalidSubscriptionException(path, "must be a JSON object with a condition");
    }
    if (json.has("all") || json.has("any")) {
      String key = json.has("all") ? "all" : "any";
      onlyKeys(json, path, key);
      JsonNode list = json.get(key);
      if (!list.isArray() || list.isEmpty()) {
        throw new InvalidSubscriptionException(path + "." + key, "must be a non-empty array");
      }
      List<PayloadFilter> parts = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        parts.add(parse(list.get(i), path + "." + key + "[" + i + "]", depth + 1));
      }
      return key.equals("all") ? new All(List.copyOf(parts)) : new Any(List.copyOf(parts));
    }
    if (json.has("not")) {
      onlyKeys(json, path, "not");
      return new Not(parse(json.get("not"), path + ".not", depth + 1));
    }
    return condition(json, path);
  }

  private static PayloadFilter condition(JsonNode json, String path) {
    JsonNode field = json.get("field");
    if (field == null
        || !field.isTextual()
        || !field.asText().matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*")) {
      throw new InvalidSubscriptionException(
          path + ".field", "must be a dot path such as data.client.email");
    }
    List<String> operators = new ArrayList<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("field")) {
        operators.add(name);
      }
    }
    if (operators.size() != 1) {
      throw new InvalidSubscriptionException(
          path, "needs exactly one of equals, in, exists, prefix besides field");
    }
    String operator = operators.get(0);
    JsonNode operand = json.get(operator);
    String where = path + "." + operator;
    switch (operator) {
      case "equals" -> {
        if (operand.isContainerNode()) {
          throw new InvalidSubscriptionException(where, "must be a string, number or boolean");
        }
      }
      case "in" -> {
        if (!operand.isArray() || operand.isEmpty()) {
          throw new InvalidSubscriptionException(where, "must be a non-empty array");
        }
      }
      case "exists" -> {
        if (!operand.isBoolean()) {
          throw new InvalidSubscriptionException(where, "must be true or false");
        }
      }
      case "prefix" -> {
        if (!operand.isTextual()) {
          throw new InvalidSubscriptionException(where, "must be a string");
        }
      }
      default ->
          throw new InvalidSubscriptionException(
              path + "." + operator, "is not an operator; use equals, in, exists or prefix");
    }
    return new Condition(field.asText(), operator, operand.deepCopy());
  }

  private static void onlyKeys(JsonNode json, String path, String key) {
    if (json.size() != 1) {
      throw new InvalidSubscriptionException(
          path, "'" + key + "' cannot be combined with other keys");
    }
  }
}
