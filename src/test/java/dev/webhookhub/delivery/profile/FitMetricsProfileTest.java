package dev.webhookhub.delivery.profile;

import static dev.webhookhub.delivery.profile.ProfileFixtures.DELIVERY_ID;
import static dev.webhookhub.delivery.profile.ProfileFixtures.OLD_SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.WRONG_SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.fieldNames;
import static dev.webhookhub.delivery.profile.ProfileFixtures.fitMetricsEvent;
import static dev.webhookhub.delivery.profile.ProfileFixtures.parse;
import static dev.webhookhub.delivery.profile.ProfileFixtures.signed;
import static dev.webhookhub.delivery.profile.ProfileFixtures.tampered;
import static dev.webhookhub.delivery.profile.ProfileFixtures.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.Fixtures;
import dev.webhookhub.signature.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitMetricsProfileTest {

  private final WebhookProfile profile = new FitMetricsProfile();

  private static ObjectNode seed() {
    return Fixtures.seed("fitmetrics/message_deferred.json");
  }

  @Test
  void bodyIsTheNotificationFitMetricsSends() {
    JsonNode body = parse(profile.render(fitMetricsEvent(), signed()).body());

    // The seed sample is exactly the documented layout, so rendering gives it back.
    assertThat(body).isEqualTo(seed());
    assertThat(fieldNames(body))
        .containsExactly("event", "timestamp", "client", "message", "deferral", "assigned_coach");
    assertThat(body.get("event").asText()).isEqualTo("message_deferred");
    assertThat(body.get("timestamp").asText()).isEqualTo("2025-11-06T17:22:04Z");
    assertThat(body.at("/client/trainerize_id").asText()).isEqualTo("7781234");
    assertThat(body.at("/message/id").asText()).isEqualTo("msg_9f3a2c71");
    assertThat(body.at("/deferral/topic").asText()).isEqualTo("injury advice");
    assertThat(body.at("/assigned_coach/role").asText()).isEqualTo("Head Coach");
  }

  @Test
  void theRoutingFieldsStayOutOfTheBody() {
    ObjectNode sent = seed();
    sent.put("organization_id", "org-9");
    sent.put("location_id", "loc-3");

    JsonNode body = parse(profile.render(fitMetricsEvent(sent), signed()).body());

    assertThat(body).isEqualTo(seed());
  }

  @Test
  void theTimestampIsWhenItHappenedNotWhenItWasSent() {
    ObjectNode sent = seed();
    sent.put("timestamp", "2025-11-06T18:22:04+01:00");

    JsonNode body = parse(profile.render(fitMetricsEvent(sent), signed()).body());

    assertThat(body.get("timestamp").asText()).isEqualTo("2025-11-06T17:22:04Z");
  }

  @Test
  void aMissingCoachIsNull() {
    ObjectNode sent = seed();
    sent.remove("assigned_coach");

    JsonNode body = parse(profile.render(fitMetricsEvent(sent), signed()).body());

    assertThat(body.has("assigned_coach")).isTrue();
    assertThat(body.get("assigned_coach").isNull()).isTrue();
    assertThat(fieldNames(body)).last().isEqualTo("assigned_coach");
  }

  @Test
  void headers() {
    WebhookRequest request = profile.render(fitMetricsEvent(), signed());

    assertThat(request.headers())
        .containsExactly(
            Map.entry("Content-Type", "application/json"),
            Map.entry("User-Agent", "FitMetrics-AI-Assistant-Webhook/1.0"),
            Map.entry("X-FitMetrics-Event", "message_deferred"),
            Map.entry("X-FitMetrics-Delivery", DELIVERY_ID),
            Map.entry(
                "X-FitMetrics-Signature",
                "sha256="
                    + HmacSha256.hex(SECRET.getBytes(StandardCharsets.UTF_8), request.body())));
  }

  @Test
  void withoutASecretThereIsNoSignatureHeader() {
    WebhookRequest request = profile.render(fitMetricsEvent(), unsigned());

    assertThat(request.headers())
        .containsKeys("X-FitMetrics-Event", "X-FitMetrics-Delivery")
        .doesNotContainKey("X-FitMetrics-Signature");
  }

  @Test
  void aReceiverVerifiesTheSignatureAsFitMetricsDocumentsIt() {
    WebhookRequest request = profile.render(fitMetricsEvent(), signed());
    String signature = request.headers().get("X-FitMetrics-Signature");

    assertThat(signature).matches("sha256=[0-9a-f]{64}");
    assertThat(BodySignatureVerifier.sha256Hex(SECRET).verifies(request.body(), signature))
        .isTrue();
    assertThat(
            BodySignatureVerifier.sha256Hex(SECRET).verifies(tampered(request.body()), signature))
        .isFalse();
    assertThat(BodySignatureVerifier.sha256Hex(WRONG_SECRET).verifies(request.body(), signature))
        .isFalse();
  }

  @Test
  void duringARotationBothSecretsVerify() {
    WebhookRequest request =
        profile.render(fitMetricsEvent(), unsigned().withSecrets(SECRET, OLD_SECRET));
    String signature = request.headers().get("X-FitMetrics-Signature");

    assertThat(signature).matches("sha256=[0-9a-f]{64},sha256=[0-9a-f]{64}");
    assertThat(BodySignatureVerifier.sha256Hex(SECRET).verifies(request.body(), signature))
        .isTrue();
    assertThat(BodySignatureVerifier.sha256Hex(OLD_SECRET).verifies(request.body(), signature))
        .isTrue();
  }

  @Test
  void anEventFitMetricsHasNoNameForKeepsTheEnvelopeType() {
    Envelope lead = ProfileFixtures.ufpEvent();

    WebhookRequest request = profile.render(lead, signed());
    JsonNode body = parse(request.body());

    assertThat(request.headers()).containsEntry("X-FitMetrics-Event", "lead.created");
    assertThat(body.get("event").asText()).isEqualTo("lead.created");
    assertThat(body.get("timestamp").asText()).isEqualTo("2025-11-06T17:22:00Z");
    assertThat(body.get("client_name").asText()).isEqualTo("Campaign");
    assertThat(body.has("assigned_coach")).isFalse();
  }
}
