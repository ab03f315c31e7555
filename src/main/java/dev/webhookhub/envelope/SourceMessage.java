package dev.webhookhub.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A parsed source message plus what its transport said about it.
 *
 * @param body the parsed JSON body as the source sent it
 * @param organizationId organization named by the transport (HTTP header, JMS property, outbox
 *     column), or {@code null}
 * @param locationId location named by the transport, or {@code null}
 * @param receivedAt when the hub (or the outbox row) received it; the event time of last resort for
 *     sources whose messages carry no timestamp
 */
public record SourceMessage(
    JsonNode body, String organizationId, String locationId, Instant receivedAt) {

  public SourceMessage {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  public static SourceMessage of(JsonNode body, Instant receivedAt) {
    return new SourceMessage(body, null, null, receivedAt);
  }
}
