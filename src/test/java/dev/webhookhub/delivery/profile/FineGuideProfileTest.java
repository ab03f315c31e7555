package dev.webhookhub.delivery.profile;

import static dev.webhookhub.delivery.profile.ProfileFixtures.fieldNames;
import static dev.webhookhub.delivery.profile.ProfileFixtures.fineGuideEvent;
import static dev.webhookhub.delivery.profile.ProfileFixtures.parse;
import static dev.webhookhub.delivery.profile.ProfileFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FineGuideProfileTest {

  private final WebhookProfile profile = new FineGuideProfile();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "message.json",
        "session_open.json",
        "session_closed.json",
        "ticket.json",
        "create_lead.json",
        "rate_message.json",
        "message_audio_url.json",
        "variable_update.json"
      })
  void everyFineGuideEventGoesBackAsFineGuideSentIt(String seed) {
    ObjectNode sent = Fixtures.seed("fineguide/" + seed);

    JsonNode body = parse(profile.render(fineGuideEvent(seed), signed()).body());

    assertThat(body).isEqualTo(sent);
    assertThat(fieldNames(body)).isEqualTo(fieldNames(sent));
  }

  @Test
  void theTypeIsFineGuidesNameForTheEnvelopeType() {
    // data keeps FineGuide's own type; a different one proves the profile sets it from the table
    Envelope event = fineGuideEvent("ticket.json");
    ((ObjectNode) event.data()).put("type", "SOMETHING_ELSE");

    JsonNode body = parse(profile.render(event, signed()).body());

    assertThat(event.eventType()).isEqualTo("ticket.created");
    assertThat(body.get("type").asText()).isEqualTo("TICKET");
    assertThat(fieldNames(body)).first().isEqualTo("type");
  }

  @Test
  void aFineGuideTypeTheHubDoesNotMapGoesBackUnchanged() {
    ObjectNode sent = Fixtures.json("{'type': 'NEW-THING', 'botId': 'b-1', 'sessionId': 's-1'}");
    Envelope event = fineGuideEvent(sent);

    JsonNode body = parse(profile.render(event, signed()).body());

    assertThat(event.eventType()).isEqualTo("fineguide.new_thing");
    assertThat(body).isEqualTo(sent);
  }

  @Test
  void anEventFromAnotherSourceCarriesTheEnvelopeTypeAndItsData() {
    Envelope tour =
        new Envelope(
            "e-1",
            "tour.booked",
            "2025-11-06T17:22:00Z",
            "1",
            "2",
            "1.1",
            "ufp",
            Fixtures.json("{'type': 'walk-in', 'client_name': 'Ana'}"));

    JsonNode body = parse(profile.render(tour, signed()).body());

    assertThat(body).isEqualTo(Fixtures.json("{'type': 'tour.booked', 'client_name': 'Ana'}"));
  }

  @Test
  void headersAreJsonPlusTheSubscriptionsAuthenticationHeaderAndNoSignature() {
    Map<String, String> custom = new LinkedHashMap<>();
    custom.put("X-Webhook-Secret", "f1n3-gu1d3");
    WebhookRequest request =
        profile.render(fineGuideEvent("message.json"), signed().withCustomHeaders(custom));

    assertThat(request.headers())
        .containsExactly(
            Map.entry("Content-Type", "application/json"),
            Map.entry("User-Agent", "WebhookHub/1.0"),
            Map.entry("X-Webhook-Secret", "f1n3-gu1d3"));
  }
}
