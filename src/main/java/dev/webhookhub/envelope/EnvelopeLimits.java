package dev.webhookhub.envelope;

/**
 * What the hub can keep of an envelope's identity: its event id, type, organization and location
 * travel as JMS properties, fill database columns of {@value #MAX_LENGTH} characters, and are used
 * in headers and logs. Checked once, at ingest, for every source: an event the hub cannot keep must
 * be refused there, not fail later in fan-out, where a 10,000-character event type went to the dead
 * letters and a 130 kB organization stalled its source queue (the broker refused the property).
 */
public final class EnvelopeLimits {

  /** The width of the hub's identity columns (hub_fanout, hub_delivery, hub_event_seen…). */
  public static final int MAX_LENGTH = 200;

  private EnvelopeLimits() {}

  /**
   * @return the envelope, unchanged
   * @throws InvalidEventException naming the first identity that is too long or holds a control
   *     character (a CR or LF would start a new header wherever it is written)
   */
  public static Envelope check(Envelope envelope) {
    check("eventId", envelope.eventId());
    check("eventType", envelope.eventType());
    check("organizationId", envelope.organizationId());
    check("locationId", envelope.locationId());
    return envelope;
  }

  private static void check(String field, String value) {
    if (value == null) {
      return;
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidEventException(
          field
              + " is "
              + value.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are kept");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidEventException(
          field + " contains a control character (CR, LF, NUL, …), which no identity may hold");
    }
  }
}
