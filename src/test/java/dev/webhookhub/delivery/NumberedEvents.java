package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestReceiver.Received;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/**
 * UFP lead events that carry a number (in the client name) and an organization (the company id), so
 * that a test can tell which event arrived, for whom, and in what order. Receivers get them in the
 * envelope profile, the default.
 */
final class NumberedEvents {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");
  private static final String CLIENT = "client-";

  private NumberedEvents() {}

  /** Event {@code number} of organization {@code organization} (a UFP company id). */
  static String body(int number, int organization) {
    return UFP.replace("\"Campaign\"", "\"" + CLIENT + number + "\"")
        .replace("\"company_id\": 1,", "\"company_id\": " + organization + ",");
  }

  /** Event {@code number} of organization 1. */
  static String body(int number) {
    return body(number, 1);
  }

  /**
   * Sends the event over HTTP ingest and checks that the hub accepted it.
   *
   * @return the event id the hub gave it
   */
  static String send(Senders senders, int number, int organization) throws Exception {
    HttpResponse<String> accepted = senders.httpJson("ufp", body(number, organization));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return JSON.readTree(accepted.body()).path("eventId").asText();
  }

  /** The number of the event a receiver got. */
  static int number(Received delivery) {
    String client = envelope(delivery).path("data").path("client_name").asText();
    return Integer.parseInt(client.substring(CLIENT.length()));
  }

  /** The hub's id of the event a receiver got. */
  static String eventId(Received delivery) {
    return envelope(delivery).path("eventId").asText();
  }

  private static JsonNode envelope(Received delivery) {
    try {
      return JSON.readTree(delivery.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
