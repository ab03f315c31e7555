package dev.webhookhub.ingest;

/**
 * Names shared by the ingest routes: their endpoints and the exchange properties a source route
 * sets before it hands a message to {@code direct:ingest}. Queue names and JMS properties are in
 * {@link dev.webhookhub.queue.HubQueues} and {@link dev.webhookhub.queue.HubHeaders}.
 */
public final class Ingest {

  /** Endpoint of the one normalisation route that every source feeds. */
  public static final String NORMALISE = "direct:ingest";

  /** Endpoint of the one step that puts an envelope (the body) on {@code hub.events}. */
  public static final String PUBLISH = "direct:publish";

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

  private Ingest() {}
}
