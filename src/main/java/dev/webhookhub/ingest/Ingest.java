package dev.webhookhub.ingest;

/**
 * Names shared by the ingest routes: the exchange properties a source route sets before it hands a
 * message to {@code direct:ingest}, and the JMS properties that travel with an event on {@code
 * hub.events}.
 */
public final class Ingest {

  /** Endpoint of the one normalisation route that every source feeds. */
  public static final String NORMALISE = "direct:ingest";

  /** Endpoint of the one step that puts an envelope (the body) on {@code hub.events}. */
  public static final String PUBLISH = "direct:publish";

  /** Queue every normalised event ends on. */
  public static final String EVENTS_QUEUE = "hub.events";

  /** Queue for source messages that cannot become events, with the reason in a header. */
  public static final String INVALID_QUEUE = "hub.ingest.invalid";

  /** Prefix of the per-source JMS queues: {@code hub.ingest.<source>}. */
  public static final String QUEUE_PREFIX = "hub.ingest.";

  // Exchange properties set by a source route.
  public static final String SOURCE = "hubSource";
  public static final String INGEST_REF = "hubIngestRef";
  public static final String ORGANIZATION_HINT = "hubOrganizationHint";
  public static final String LOCATION_HINT = "hubLocationHint";
  public static final String RECEIVED_AT = "hubReceivedAt";

  // Exchange properties set by the normalisation route, read back by the source route.
  public static final String EVENT_ID = "hubEventId";
  public static final String DUPLICATE = "hubDuplicate";

  /** Whether the event is held for coalescing with other changes to its entity. */
  public static final String COALESCED = "hubCoalesced";

  // JMS properties: how a producer names the organization/location of a message that has none,
  // and what the hub puts on each event for selectors and tracing.
  public static final String HEADER_ORGANIZATION_ID = "HubOrganizationId";
  public static final String HEADER_LOCATION_ID = "HubLocationId";
  public static final String HEADER_EVENT_ID = "HubEventId";
  public static final String HEADER_EVENT_TYPE = "HubEventType";
  public static final String HEADER_SOURCE = "HubSource";
  public static final String HEADER_INVALID_REASON = "HubInvalidReason";

  /** Artemis duplicate detection: a second send with the same id is dropped by the broker. */
  public static final String BROKER_DUPLICATE_ID = "_AMQ_DUPL_ID";

  private Ingest() {}
}
