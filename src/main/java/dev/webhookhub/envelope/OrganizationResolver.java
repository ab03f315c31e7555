package dev.webhookhub.envelope;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides which organization and location an event belongs to when the answer may come from three
 * places. The most specific wins: the message body (the source knows best), then the transport
 * ({@code Hub-Organization-Id} header, {@code HubOrganizationId} property, outbox column), then the
 * source's configured default.
 */
public final class OrganizationResolver {

  private OrganizationResolver() {}

  /**
   * @param fromBody the organization the message names, empty when its family names none
   * @throws InvalidEventException when no place names an organization; every envelope needs one
   */
  public static String organizationId(
      Optional<String> fromBody, SourceMessage message, SourceSettings settings) {
    return firstPresent(fromBody, message.organizationId(), settings.organizationId())
        .orElseThrow(
            () ->
                new InvalidEventException(
                    String.format(
                        "organizationId is missing: the %1$s message names none; send it in the"
                            + " Hub-Organization-Id header / HubOrganizationId property, or set"
                            + " hub.source.%1$s.organization-id",
                        settings.name())));
  }

  /**
   * @param fromBody the location the message names, empty when its family names none
   * @return the location, or {@code null} for an organization-wide event
   */
  public static String locationId(Optional<String> fromBody, SourceMessage message) {
    return firstPresent(fromBody, message.locationId(), null).orElse(null);
  }

  private static Optional<String> firstPresent(
      Optional<String> fromBody, String fromTransport, String fromSettings) {
    return Stream.concat(fromBody.stream(), Stream.of(fromTransport, fromSettings))
        .filter(id -> id != null && !id.isBlank())
        .findFirst();
  }
}
