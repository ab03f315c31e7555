package dev.webhookhub.delivery.profile;

import static dev.webhookhub.delivery.profile.ProfileFixtures.DELIVERY_ID;
import static dev.webhookhub.delivery.profile.ProfileFixtures.OLD_SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.SUBSCRIPTION_ID;
import static dev.webhookhub.delivery.profile.ProfileFixtures.WRONG_SECRET;
import static dev.webhookhub.delivery.profile.ProfileFixtures.tampered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.signature.StandardWebhooksSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksProfileTest {

  private static final Envelope EVENT = ProfileFixtures.ufpEvent();

  /** The library rejects timestamps more than five minutes from its clock, so sign "now". */
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private final WebhookProfile profile = new StandardWebhooksProfile();

  private static DeliveryContext now(String... secrets) {
    return DeliveryContext.unsigned(DELIVERY_ID, SUBSCRIPTION_ID, NOW).withSecrets(secrets);
  }

  @Test
  void bodyIsTheSameEnvelopeJsonAsTheEnvelopeProfile() {
    assertThat(profile.render(EVENT, now(SECRET)).body())
        .isEqualTo(new EnvelopeProfile().render(EVENT, now(SECRET)).body());
  }

  @Test
  void headers() {
    WebhookRequest request = profile.render(EVENT, now(SECRET));

    assertThat(request.headers())
        .containsExactly(
            Map.entry("Content-Type", "application/json"),
            Map.entry("User-Agent", "WebhookHub/1.0"),
            Map.entry("webhook-id", DELIVERY_ID),
            Map.entry("webhook-timestamp", Long.toString(NOW.getEpochSecond())),
            Map.entry(
                "webhook-signature",
                StandardWebhooksSignature.sign(
                    SECRET, DELIVERY_ID, NOW.getEpochSecond(), request.body())));
    assertThat(request.headers().get("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
  }

  @Test
  void theOfficialLibraryVerifiesIt() {
    WebhookRequest request = profile.render(EVENT, now(SECRET));

    assertThatCode(() -> verify(SECRET, request.body(), request)).doesNotThrowAnyException();
  }

  @Test
  void theOfficialLibraryRejectsATamperedBody() {
    WebhookRequest request = profile.render(EVENT, now(SECRET));

    assertThatThrownBy(() -> verify(SECRET, tampered(request.body()), request))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("No matching signature");
  }

  @Test
  void theOfficialLibraryRejectsTheWrongSecret() {
    WebhookRequest request = profile.render(EVENT, now(SECRET));

    assertThatThrownBy(() -> verify(WRONG_SECRET, request.body(), request))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("No matching signature");
  }

  @Test
  void duringARotationEachSecretVerifiesAlone() {
    WebhookRequest request = profile.render(EVENT, now(SECRET, OLD_SECRET));

    assertThat(request.headers().get("webhook-signature"))
        .matches("v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=")
        .startsWith(profile.render(EVENT, now(SECRET)).headers().get("webhook-signature"))
        .endsWith(profile.render(EVENT, now(OLD_SECRET)).headers().get("webhook-signature"));
    assertThatCode(() -> verify(SECRET, request.body(), request)).doesNotThrowAnyException();
    assertThatCode(() -> verify(OLD_SECRET, request.body(), request)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verify(WRONG_SECRET, request.body(), request))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void aRetryKeepsTheIdAndIsSignedAtItsOwnTime() throws Exception {
    Instant retryAt = Instant.parse("2025-11-06T17:27:09Z");
    WebhookRequest retry =
        profile.render(
            EVENT,
            DeliveryContext.unsigned(DELIVERY_ID, SUBSCRIPTION_ID, retryAt).withSecrets(SECRET));

    assertThat(retry.headers())
        .containsEntry("webhook-id", DELIVERY_ID)
        .containsEntry("webhook-timestamp", "1762450029");
    // The library cannot verify an old timestamp, but its signing function must agree.
    assertThat(retry.headers().get("webhook-signature"))
        .isEqualTo(
            new Webhook(SECRET)
                .sign(DELIVERY_ID, 1762450029L, new String(retry.body(), StandardCharsets.UTF_8)));
  }

  @Test
  void withoutASecretThereIsNoSignature() {
    WebhookRequest request = profile.render(EVENT, now());

    assertThat(request.headers())
        .containsKeys("webhook-id", "webhook-timestamp")
        .doesNotContainKey("webhook-signature");
  }

  private static void verify(String secret, byte[] body, WebhookRequest request)
      throws WebhookVerificationException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request.headers().forEach((name, value) -> headers.put(name, List.of(value)));
    new Webhook(secret).verify(new String(body, StandardCharsets.UTF_8), headers);
  }
}
