package dev.webhookhub.coalesce;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One source's coalescing: how long to wait after an entity's first change, and what identifies the
 * entity.
 *
 * <p>The key is always the event type's family ({@code contact} of {@code contact.updated}) plus
 * the values at {@code keyPointers}, JSON pointers into the envelope; the organization is part of
 * every key outside this rule, so events of two organizations can never merge. {@code {family}} in
 * a pointer stands for the family, so the default {@code /data/{family}Id} reads {@code
 * /data/contactId} for contact events.
 *
 * @param window fixed from the entity's first event: later changes join, but do not extend it
 * @param keyPointers JSON pointers (with {@code {family}}) whose values identify the entity
 */
public record CoalesceRule(Duration window, List<String> keyPointers) {

  /** Pointers used when a source sets a window but no key. */
  public static final List<String> DEFAULT_KEY = List.of("/data/{family}Id");

  /** Longest entity key kept; an event with a longer one is not coalesced. */
  static final int MAX_KEY_LENGTH = 400;

  public CoalesceRule {
    Objects.requireNonNull(window, "window");
    keyPointers = List.copyOf(keyPointers);
    if (keyPointers.isEmpty()) {
      throw new IllegalArgumentException("a coalescing key needs at least one pointer");
    }
    keyPointers.forEach(p -> JsonPointer.compile(p.replace("{family}", "family")));
  }

  /**
   * The entity an event is about, as text, or empty when a key part is missing (or is not a single
   * value): such an event passes through uncoalesced.
   */
  public Optional<String> entityKey(JsonNode envelope, ObjectMapper json) {
    String family = EventMerge.family(envelope.path("eventType").asText());
    ArrayNode key = json.createArrayNode().add(family);
    for (String pointer : keyPointers) {
      String escaped = family.replace("~", "~0").replace("/", "~1");
      JsonNode value = envelope.at(JsonPointer.compile(pointer.replace("{family}", escaped)));
      if (!value.isValueNode() || value.isNull() || value.asText().isEmpty()) {
        return Optional.empty();
      }
      key.add(value.asText());
    }
    String text = key.toString();
    return text.length() > MAX_KEY_LENGTH ? Optional.empty() : Optional.of(text);
  }
}
