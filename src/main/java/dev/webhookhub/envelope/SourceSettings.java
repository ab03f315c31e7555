package dev.webhookhub.envelope;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How the hub reads one source: which normaliser, and the facts a source leaves out of its messages
 * (its organization, the zone and date order of its local timestamps).
 *
 * @param name source name as it appears in {@code hub.ingest.<name>} and {@code /ingest/<name>}
 * @param normaliser name of the normaliser family, e.g. {@code ufp} or {@code envelope}
 * @param organizationId organization used when neither the message nor its transport names one; may
 *     be {@code null}
 * @param zone zone of timestamps that carry no offset
 * @param dateOrder order of day, month and year in local date formats
 */
public record SourceSettings(
    String name, String normaliser, String organizationId, ZoneId zone, DateOrder dateOrder) {

  public SourceSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(normaliser, "normaliser");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(dateOrder, "dateOrder");
  }

  /** Settings with the documented defaults: UTC, month first, no default organization. */
  public static SourceSettings defaults(String name, String normaliser) {
    return new SourceSettings(name, normaliser, null, ZoneId.of("UTC"), DateOrder.MDY);
  }
}
