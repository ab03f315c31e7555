package dev.webhookhub.coalesce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * How two events of one entity become one: the rules of coalescing, free of storage and timing.
 *
 * <ul>
 *   <li>The later event (by {@code eventTimestamp}; arrival order on a tie) gives the id, type,
 *       timestamp and location: its id is the one a re-publish must repeat, so receivers and the
 *       broker can drop a second copy.
 *   <li>{@code data} is the entity's latest state: the earlier event's top-level fields,
 *       overwritten by the later one's. A field the later event leaves out keeps its last known
 *       value; a nested object is replaced whole, as a source sends it. A {@code created} later
 *       event starts afresh, since it describes a new entity.
 *   <li>The type: {@code deleted} wins over anything before it; {@code created} followed by
 *       anything but a delete stays {@code created} (the receiver has never seen the entity);
 *       otherwise the later type.
 *   <li>{@code replacedEventIds} lists every id merged away, the earlier event's own included.
 * </ul>
 */
public final class EventMerge {

  private EventMerge() {}

  /** Merges an event that arrived while {@code pending} was waiting for its window to end. */
  public static Envelope merge(Envelope pending, Envelope arrived) {
    boolean arrivedIsLater = !instant(arrived).isBefore(instant(pending));
    Envelope earlier = arrivedIsLater ? pending : arrived;
    Envelope later = arrivedIsLater ? arrived : pending;
    List<String> replaced = new ArrayList<>();
    addReplaced(replaced, earlier);
    addReplaced(replaced, later);
    replaced.remove(later.eventId());
    return new Envelope(
        later.eventId(),
        type(earlier.eventType(), later.eventType()),
        later.eventTimestamp(),
        later.organizationId(),
        later.locationId(),
        later.apiVersion(),
        later.source(),
        data(earlier, later),
        replaced);
  }

  /** Whether {@code event} is already part of {@code pending}: a redelivery, nothing to merge. */
  public static boolean contains(Envelope pending, String eventId) {
    return pending.eventId().equals(eventId)
        || (pending.replacedEventIds() != null && pending.replacedEventIds().contains(eventId));
  }

  static String type(String earlier, String later) {
    if (action(later).equals("deleted")) {
      return later;
    }
    if (action(earlier).equals("created")) {
      return earlier;
    }
    return later;
  }

  /** {@code contact.updated} → {@code contact}; the part of a type that names the entity. */
  public static String family(String eventType) {
    int dot = eventType.lastIndexOf('.');
    return dot < 0 ? eventType : eventType.substring(0, dot);
  }

  private static String action(String eventType) {
    return eventType.substring(eventType.lastIndexOf('.') + 1);
  }

  private static JsonNode data(Envelope earlier, Envelope later) {
    if (action(later.eventType()).equals("created")
        || !earlier.data().isObject()
        || !later.data().isObject()) {
      return later.data().deepCopy();
    }
    ObjectNode merged = ((ObjectNode) earlier.data()).deepCopy();
    merged.setAll(((ObjectNode) later.data()).deepCopy());
    return merged;
  }

  private static void addReplaced(List<String> replaced, Envelope event) {
    if (event.replacedEventIds() != null) {
      event.replacedEventIds().stream().filter(id -> !replaced.contains(id)).forEach(replaced::add);
    }
    if (!replaced.contains(event.eventId())) {
      replaced.add(event.eventId());
    }
  }

  private static Instant instant(Envelope event) {
    try {
      return Instant.parse(event.eventTimestamp());
    } catch (DateTimeParseException e) {
      // Normalisers write ISO-8601 UTC; should one not, arrival order decides.
      return Instant.MIN;
    }
  }
}
