package dev.webhookhub.delivery.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Slack, Zapier and Teams check of a request before they accept it, as far as their
 * documentation states it: each method lists the problems found, none for a valid request.
 */
final class ReceiverShapes {

  private ReceiverShapes() {}

  /** Slack incoming webhooks: Block Kit limits of api.slack.com/reference/block-kit. */
  static List<String> slack(JsonNode message) {
    List<String> problems = new ArrayList<>();
    if (!message.path("text").isTextual() || message.path("text").asText().isBlank()) {
      problems.add("text is missing: Slack needs it for notifications and as the fallback");
    }
    JsonNode blocks = message.path("blocks");
    if (!blocks.isArray() || blocks.isEmpty()) {
      problems.add("blocks is not a non-empty array");
      return problems;
    }
    if (blocks.size() > 50) {
      problems.add("more than 50 blocks: " + blocks.size());
    }
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      switch (type) {
        case "header" -> {
          textObject(block.path("text"), Set.of("plain_text"), 150, "header text", problems);
        }
        case "section" -> {
          if (!block.has("text") && !block.has("fields")) {
            problems.add("section without text or fields");
          }
          if (block.has("text")) {
            textObject(
                block.path("text"), Set.of("plain_text", "mrkdwn"), 3000, "section text", problems);
          }
          if (block.has("fields")) {
            if (!block.path("fields").isArray() || block.path("fields").size() > 10) {
              problems.add("section fields must be an array of at most 10");
            }
            for (JsonNode field : block.path("fields")) {
              textObject(field, Set.of("plain_text", "mrkdwn"), 2000, "section field", problems);
            }
          }
        }
        case "context" -> {
          JsonNode elements = block.path("elements");
          if (!elements.isArray() || elements.isEmpty() || elements.size() > 10) {
            problems.add("context elements must be 1 to 10");
          }
          for (JsonNode element : elements) {
            textObject(element, Set.of("plain_text", "mrkdwn"), 3000, "context element", problems);
          }
        }
        case "divider" -> {}
        default -> problems.add("unknown or unexpected block type '" + type + "'");
      }
    }
    return problems;
  }

  private static void textObject(
      JsonNode text, Set<String> types, int max, String what, List<String> problems) {
    if (!types.contains(text.path("type").asText())) {
      problems.add(what + " has type '" + text.path("type").asText() + "', expected " + types);
    }
    String value = text.path("text").asText("");
    if (value.isEmpty() || value.length() > max) {
      problems.add(what + " must be 1 to " + max + " characters, has " + value.length());
    }
  }

  /** Zapier catch hooks: one flat object, every value a string, number, boolean or null. */
  static List<String> zapier(JsonNode body) {
    List<String> problems = new ArrayList<>();
    if (!body.isObject()) {
      problems.add("the body is not a JSON object");
      return problems;
    }
    for (String required :
        List.of("event_type", "event_id", "occurred_at", "organization_id", "location_id")) {
      if (!body.has(required)) {
        problems.add("missing " + required);
      }
    }
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (field.getValue().isContainerNode()) {
        problems.add(field.getKey() + " is nested; Zapier needs flat values");
      }
    }
    return problems;
  }

  /** Teams Workflows webhooks: a message with one Adaptive Card attachment. */
  static List<String> teams(JsonNode body) {
    List<String> problems = new ArrayList<>();
    if (!"message".equals(body.path("type").asText())) {
      problems.add("type must be 'message'");
    }
    JsonNode attachments = body.path("attachments");
    if (!attachments.isArray() || attachments.size() != 1) {
      problems.add("attachments must hold exactly one card");
      return problems;
    }
    JsonNode attachment = attachments.get(0);
    if (!"application/vnd.microsoft.card.adaptive"
        .equals(attachment.path("contentType").asText())) {
      problems.add("contentType must be application/vnd.microsoft.card.adaptive");
    }
    JsonNode card = attachment.path("content");
    if (!"AdaptiveCard".equals(card.path("type").asText())) {
      problems.add("content.type must be AdaptiveCard");
    }
    if (!card.path("version").isTextual()) {
      problems.add("content.version must be a string such as 1.4");
    }
    if (!card.path("body").isArray() || card.path("body").isEmpty()) {
      problems.add("content.body must be a non-empty array");
    }
    for (JsonNode element : card.path("body")) {
      switch (element.path("type").asText()) {
        case "TextBlock" -> {
          if (!element.path("text").isTextual()) {
            problems.add("TextBlock without text");
          }
        }
        case "FactSet" -> {
          for (JsonNode fact : element.path("facts")) {
            if (!fact.path("title").isTextual() || !fact.path("value").isTextual()) {
              problems.add("a fact needs a string title and value: " + fact);
            }
          }
        }
        default -> problems.add("unexpected card element " + element.path("type").asText());
      }
    }
    return problems;
  }
}
