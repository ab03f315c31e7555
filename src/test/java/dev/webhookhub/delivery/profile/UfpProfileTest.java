package dev.webhookhub.delivery.profile;

import static dev.webhookhub.delivery.profile.ProfileFixtures.OLD_SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.WRONG_SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.fieldNames;
import static dev.webhookhub.delivery.profile.ProfileFixtures.parse;
import static dev.webhookhub.delivery.profile.ProfileFixtures.settings;
import static dev.webhookhub.delivery.profile.ProfileFixtures.signed;
import static dev.webhookhub.delivery.profile.ProfileFixtures.tampered;
import static dev.webhookhub.delivery.profile.ProfileFixtures.ufpEvent;
import static dev.webhookhub.delivery.profile.ProfileFixtures.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.DateOrder;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.Fixtures;
import dev.webhookhub.envelope.SourceSettings;
import dev.webhookhub.signature.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UfpProfileTest {

  private final WebhookProfile profile = new UfpProfile();

  private static ObjectNode seed() {
    return Fixtures.seed("ufp/new_lead_created.json");
  }

  /** The seed with the catalogue's spelling of its event key. */
  private static ObjectNode canonicalSeed() {
    ObjectNode seed = seed();
    seed.put("webhook_event_type", "newlead_created");
    return seed;
  }

  private JsonNode render(Envelope event, DeliveryContext context) {
    return parse(profile.render(event, context).body());
  }

  @Test
  void normalisingThenRenderingGivesTheSeedBack() {
    JsonNode body = render(ufpEvent(canonicalSeed(), settings("ufp")), signed());

    assertThat(body).isEqualTo(canonicalSeed());
    assertThat(fieldNames(body))
        .containsExactly("webhook_event_type", "created_at", "company_id", "tenant_id", "payload");
    assertThat(fieldNames(body.get("payload"))).isEqualTo(fieldNames(seed().get("payload")));
  }

  @Test
  void theSamplesAliasGoesBackAsTheCatalogueKey() {
    JsonNode body = render(ufpEvent(), signed());

    assertThat(body.get("webhook_event_type").asText()).isEqualTo("newlead_created");
    ((ObjectNode) body).put("webhook_event_type", "new_lead_created");
    assertThat(body).isEqualTo(seed());
  }

  @Test
  void theRoundTripHoldsInTheSourcesZoneAndDateOrder() {
    SourceSettings kolkataDayFirst =
        new SourceSettings("ufp", "ufp", null, ZoneId.of("Asia/Kolkata"), DateOrder.DMY);
    Envelope event = ufpEvent(canonicalSeed(), kolkataDayFirst);

    JsonNode body =
        render(event, signed().withOptions(Map.of("zone", "Asia/Kolkata", "date-order", "dmy")));

    assertThat(event.eventTimestamp()).isEqualTo("2025-06-11T11:52:00Z");
    assertThat(body).isEqualTo(canonicalSeed());
  }

  @ParameterizedTest
  @CsvSource({
    "UTC,          MDY, 11/06/2025 17:22",
    "UTC,          DMY, 06/11/2025 17:22",
    "UTC,          YMD, 2025/11/06 17:22",
    "Asia/Kolkata, MDY, 11/06/2025 22:52",
    "America/Chicago, MDY, 11/06/2025 11:22"
  })
  void createdAtIsLocalTimeInTheConfiguredZoneAndOrder(String zone, String order, String expected) {
    JsonNode body =
        render(ufpEvent(), signed().withOptions(Map.of("zone", zone, "date-order", order)));

    assertThat(body.get("created_at").asText()).isEqualTo(expected);
  }

  @Test
  void secondsAreCutOffBecauseUfpsFormatHasNone() {
    assertThat(render(event("2025-11-06T17:22:59Z", "1", "2"), signed()).get("created_at").asText())
        .isEqualTo("11/06/2025 17:22");
  }

  @Test
  void numericIdsAreNumbersAndOthersStayText() {
    JsonNode numeric = render(event("2025-11-06T17:22:00Z", "1", "2"), signed());
    JsonNode text = render(event("2025-11-06T17:22:00Z", "org-coaching", "007"), signed());

    assertThat(numeric.get("company_id").isIntegralNumber()).isTrue();
    assertThat(numeric.get("company_id").asLong()).isEqualTo(1);
    assertThat(numeric.get("tenant_id").asLong()).isEqualTo(2);
    assertThat(text.get("company_id").isTextual()).isTrue();
    assertThat(text.get("company_id").asText()).isEqualTo("org-coaching");
    assertThat(text.get("tenant_id").asText()).isEqualTo("007");
    assertThat(text.get("tenant_id").isTextual()).isTrue();
  }

  @Test
  void aCompanyLevelEventHasTenantZero() {
    JsonNode body = render(event("2025-11-06T17:22:00Z", "1", null), signed());

    assertThat(body.get("tenant_id").isIntegralNumber()).isTrue();
    assertThat(body.get("tenant_id").asLong()).isZero();
    // ...which UFP's normaliser reads back as "no location".
    assertThat(ufpEvent((ObjectNode) body, settings("ufp")).locationId()).isNull();
  }

  @Test
  void anEventUfpHasNoKeyForKeepsTheEnvelopeType() {
    Envelope deferral = ProfileFixtures.fitMetricsEvent();

    JsonNode body = render(deferral, signed());

    assertThat(body.get("webhook_event_type").asText()).isEqualTo("message.deferred");
    assertThat(body.get("company_id").asText()).isEqualTo("org-coaching");
    assertThat(body.get("tenant_id").asLong()).isZero();
    assertThat(body.get("payload")).isEqualTo(deferral.data());
  }

  @Test
  void headersCarryAHexSignatureOfTheBodyByDefault() {
    WebhookRequest request = profile.render(ufpEvent(), signed());

    assertThat(request.headers())
        .containsExactly(
            Map.entry("Content-Type", "application/json"),
            Map.entry("User-Agent", "WebhookHub/1.0"),
            Map.entry(
                "X-UFP-Signature",
                HmacSha256.hex(SECRET.getBytes(StandardCharsets.UTF_8), request.body())));
    assertThat(
            BodySignatureVerifier.of(SECRET, "", false)
                .verifies(request.body(), signature(request)))
        .isTrue();
    assertThat(
            BodySignatureVerifier.of(SECRET, "", false)
                .verifies(tampered(request.body()), signature(request)))
        .isFalse();
    assertThat(
            BodySignatureVerifier.of(WRONG_SECRET, "", false)
                .verifies(request.body(), signature(request)))
        .isFalse();
  }

  @Test
  void theSignatureCanBeBase64WithAPrefix() {
    WebhookRequest request =
        profile.render(
            ufpEvent(),
            signed()
                .withOptions(
                    Map.of("signature-encoding", "base64", "signature-prefix", "sha256=")));

    assertThat(signature(request)).matches("sha256=[A-Za-z0-9+/]{43}=");
    assertThat(
            BodySignatureVerifier.of(SECRET, "sha256=", true)
                .verifies(request.body(), signature(request)))
        .isTrue();
    assertThat(
            BodySignatureVerifier.of(SECRET, "sha256=", true)
                .verifies(tampered(request.body()), signature(request)))
        .isFalse();
  }

  @Test
  void duringARotationBothSecretsVerify() {
    WebhookRequest request = profile.render(ufpEvent(), unsigned().withSecrets(SECRET, OLD_SECRET));

    assertThat(signature(request)).matches("[0-9a-f]{64},[0-9a-f]{64}");
    assertThat(
            BodySignatureVerifier.of(SECRET, "", false)
                .verifies(request.body(), signature(request)))
        .isTrue();
    assertThat(
            BodySignatureVerifier.of(OLD_SECRET, "", false)
                .verifies(request.body(), signature(request)))
        .isTrue();
  }

  @Test
  void withoutASecretThereIsNoSignature() {
    assertThat(profile.render(ufpEvent(), unsigned()).headers())
        .doesNotContainKey("X-UFP-Signature");
  }

  @ParameterizedTest
  @CsvSource({
    "colour,             blue,         'known options are date-order, signature-encoding, signature-prefix, zone'",
    "zone,               Mars/Olympus, expected a zone id",
    "date-order,         MYD,          'expected one of MDY, DMY, YMD'",
    "signature-encoding, base32,       'expected one of hex, base64'",
    "signature-prefix,   'a,b',       expected visible ASCII"
  })
  void badOptionsAreRejectedByName(String option, String value, String expected) {
    Map<String, String> options = Map.of(option, value);

    assertThatThrownBy(() -> profile.checkOptions(options))
        .isInstanceOf(ProfileOptionException.class)
        .hasMessageContaining("option " + option)
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining(expected);
    assertThatThrownBy(() -> profile.render(ufpEvent(), signed().withOptions(options)))
        .isInstanceOf(ProfileOptionException.class);
  }

  @Test
  void goodOptionsPassTheCheck() {
    assertThatCode(
            () ->
                profile.checkOptions(
                    Map.of(
                        "zone", "Europe/Berlin",
                        "date-order", "ymd",
                        "signature-encoding", "BASE64",
                        "signature-prefix", "v1=")))
        .doesNotThrowAnyException();
  }

  private static Envelope event(String timestamp, String organizationId, String locationId) {
    return new Envelope(
        "e-1",
        "lead.created",
        timestamp,
        organizationId,
        locationId,
        "1.1",
        "ufp",
        Fixtures.json("{'client_name': 'Ana'}"));
  }

  private static String signature(WebhookRequest request) {
    return request.headers().get("X-UFP-Signature");
  }
}
