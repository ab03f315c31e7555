package dev.webhookhub.delivery.profile;

import static dev.webhookhub.delivery.profile.ProfileFixtures.DELIVERY_ID;
import static dev.webhookhub.delivery.profile.ProfileFixtures.OLD_SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.WRONG_SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.signed;
import static dev.webhookhub.delivery.profile.ProfileFixtures.tampered;
import static dev.webhookhub.delivery.profile.ProfileFixtures.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.Fixtures;
import dev.webhookhub.signature.HmacSha256;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeProfileTest {

  private static final Envelope EVENT =
      new Envelope(
          "0b5b6d4e-8f5c-5a52-9d0e-2f3d7b0a9c11",
          "lead.created",
          "2025-11-06T17:22:00Z",
          "1",
          "2",
          "1.1",
          "ufp",
          Fixtures.json("{'client_name': 'Zoë', 'created_by': 858}"));

  private final WebhookProfile profile = new EnvelopeProfile();

  @Test
  void bodyIsTheEnvelopeInRecordOrder() {
    WebhookRequest request = profile.render(EVENT, signed());

    assertThat(request.bodyText())
        .isEqualTo(
            "{\"eventId\":\"0b5b6d4e-8f5c-5a52-9d0e-2f3d7b0a9c11\",\"eventType\":\"lead.created\","
                + "\"eventTimestamp\":\"2025-11-06T17:22:00Z\",\"organizationId\":\"1\","
                + "\"locationId\":\"2\",\"apiVersion\":\"1.1\",\"source\":\"ufp\","
                + "\"data\":{\"client_name\":\"Zoë\",\"created_by\":858}}");
  }

  @Test
  void anOrganizationWideEventCarriesANullLocation() {
    Envelope wide =
        new Envelope(
            "e-1", "lead.created", "2025-11-06T17:22:00Z", "1", null, "1.1", "ufp", EVENT.data());

    assertThat(profile.render(wide, unsigned()).bodyText()).contains("\"locationId\":null");
  }

  @Test
  void headers() {
    WebhookRequest request = profile.render(EVENT, signed());

    assertThat(request.headers())
        .containsExactly(
            Map.entry("Content-Type", "application/json"),
            Map.entry("User-Agent", "WebhookHub/1.0"),
            Map.entry("X-Hub-Event", "lead.created"),
            Map.entry("X-Hub-Delivery", DELIVERY_ID),
            Map.entry(
                "X-Hub-Signature", "sha256=" + HmacSha256.hex(SECRET.getBytes(), request.body())));
  }

  @Test
  void aReceiverVerifiesTheSignatureOverTheRawBody() {
    WebhookRequest request = profile.render(EVENT, signed());
    String signature = request.headers().get("X-Hub-Signature");

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
  void withoutASecretThereIsNoSignature() {
    assertThat(profile.render(EVENT, unsigned()).headers()).doesNotContainKey("X-Hub-Signature");
  }

  @Test
  void duringARotationEitherSecretVerifies() {
    WebhookRequest request = profile.render(EVENT, unsigned().withSecrets(SECRET, OLD_SECRET));
    String signature = request.headers().get("X-Hub-Signature");

    assertThat(signature).matches("sha256=[0-9a-f]{64},sha256=[0-9a-f]{64}");
    assertThat(signature)
        .startsWith(profile.render(EVENT, signed()).headers().get("X-Hub-Signature"));
    assertThat(BodySignatureVerifier.sha256Hex(SECRET).verifies(request.body(), signature))
        .isTrue();
    assertThat(BodySignatureVerifier.sha256Hex(OLD_SECRET).verifies(request.body(), signature))
        .isTrue();
    assertThat(BodySignatureVerifier.sha256Hex(WRONG_SECRET).verifies(request.body(), signature))
        .isFalse();
  }

  @Test
  void sameEventAndContextRenderTheSameRequest() {
    assertThat(profile.render(EVENT, signed())).isEqualTo(profile.render(EVENT, signed()));
  }

  @Test
  void refusesOptions() {
    assertThatThrownBy(() -> profile.render(EVENT, signed().withOptions(Map.of("zone", "UTC"))))
        .isInstanceOf(ProfileOptionException.class)
        .hasMessageContaining("option zone")
        .hasMessageContaining("no options");
  }
}
