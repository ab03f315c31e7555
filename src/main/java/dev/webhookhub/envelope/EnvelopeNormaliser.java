package dev.webhookhub.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * For sources that already send envelopes: {@code eventId}, {@code eventType}, {@code
 * eventTimestamp}, {@code organizationId}, {@code locationId}, {@code apiVersion}, {@code data}.
 *
 * <p>The source's {@code eventId} is kept, since the source already deduplicates on it. The
 * timestamp is re-rendered in UTC, organization and location fall back to the transport and the
 * configured default like every other family, and {@code apiVersion} becomes the hub's, because the
 * hub's envelope is what receivers get.
 *
 * <p>Which event types pass unchanged depends on what the hub knows of the source. With a set of
 * known types (a documented catalogue, as for FitProTracker) only those do; anything else is a type
 * the source added after we looked and is namespaced as {@code <source>.<type>}. Without one, any
 * well-formed dotted type passes, since the source defines its own catalogue.
 */
public class EnvelopeNormaliser implements Normaliser {

  private static final Pattern DOTTED_TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)+");

  /** Longest source event id accepted; the dedupe table's key column holds 200. */
  public static final int MAX_EVENT_ID_LENGTH = 200;

  private final Set<String> knownTypes;

  /** For sources whose catalogue the hub does not know. */
  public EnvelopeNormaliser() {
    this.knownTypes = null;
  }

  /** For sources whose catalogue is {@code knownTypes}. */
  public EnvelopeNormaliser(Set<String> knownTypes) {
    this.knownTypes = Set.copyOf(knownTypes);
  }

  @Override
  public Envelope normalise(SourceMessage message, SourceSettings settings) {
    ObjectNode body = JsonFields.body(message);
    String eventId = JsonFields.requiredText(body, "eventId");
    if (eventId.length() > MAX_EVENT_ID_LENGTH) {
      // The id is a database key for dedupe; an unbounded one would fail there, not here.
      throw new InvalidEventException(
          "eventId is longer than " + MAX_EVENT_ID_LENGTH + " characters");
    }
    String eventType = eventType(JsonFields.requiredText(body, "eventType"), settings);
    String eventTimestamp =
        SourceTimestamps.toUtc(
            JsonFields.requiredText(body, "eventTimestamp"), settings, "eventTimestamp");
    ObjectNode data = JsonFields.requiredObject(body, "data");
    return new Envelope(
        eventId,
        eventType,
        eventTimestamp,
        OrganizationResolver.organizationId(
            JsonFields.optionalText(body, "organizationId"), message, settings),
        OrganizationResolver.locationId(JsonFields.optionalText(body, "locationId"), message),
        Envelope.API_VERSION,
        settings.name(),
        data.deepCopy());
  }

  private String eventType(String nativeType, SourceSettings settings) {
    boolean known =
        knownTypes == null
            ? DOTTED_TYPE.matcher(nativeType).matches()
            : knownTypes.contains(nativeType);
    return known ? nativeType : EventTypeTable.passThrough(settings.name(), nativeType);
  }
}
