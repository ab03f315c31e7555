package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.webhookhub.delivery.Deliveries;
import dev.webhookhub.delivery.profile.DeliveryContext;
import dev.webhookhub.delivery.profile.ProfileCatalog;
import dev.webhookhub.delivery.profile.WebhookRequest;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rotating a secret through the admin API: within the overlap both secrets sign and each verifies
 * alone with the official Standard Webhooks library; after it, only the new one.
 */
class SecretRotationIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void bothSecretsSignDuringTheOverlapThenOnlyTheNewOne(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestHub hub = new TestHub(dir, database).start()) {
      AdminClient admin = new AdminClient(hub);
      JsonNode created =
          admin.create(
              "{\"organizationId\": \"org-1\", \"eventTypes\": [\"*\"],"
                  + " \"url\": \"https://localhost/hook\", \"profile\": \"standard-webhooks\"}");
      String id = created.path("id").asText();
      String oldSecret = created.path("secret").asText();
      String newSecret =
          admin
              .expect(
                  200,
                  "POST",
                  "/api/subscriptions/" + id + "/rotate-secret",
                  "{\"overlap\": \"PT1H\"}")
              .path("secret")
              .asText();

      SubscriptionStore store = hub.bean("subscriptionStore", SubscriptionStore.class);
      Instant now = Instant.now();
      List<String> during = store.signingSecrets(id, now);
      assertThat(during).containsExactly(newSecret, oldSecret);
      WebhookRequest signed = render(id, during, now);
      assertThat(signed.headers().get("webhook-signature").split(" ")).hasSize(2);
      verify(oldSecret, signed);
      verify(newSecret, signed);

      List<String> after = store.signingSecrets(id, now.plus(Duration.ofHours(1)).plusSeconds(1));
      assertThat(after).containsExactly(newSecret);
      WebhookRequest signedAfter = render(id, after, now);
      verify(newSecret, signedAfter);
      assertThatThrownBy(() -> verify(oldSecret, signedAfter)).isNotNull();

      // Secrets are stored encrypted: the database holds neither of them in the clear.
      try (Connection db = hub.connectDatabase();
          Statement s = db.createStatement();
          ResultSet rs = s.executeQuery("SELECT secret_encrypted FROM hub_subscription_secret")) {
        while (rs.next()) {
          assertThat(rs.getString(1)).startsWith("v1:").doesNotContain(oldSecret.substring(6));
        }
      }
    }
  }

  private static WebhookRequest render(String subscriptionId, List<String> secrets, Instant at)
      throws Exception {
    Envelope event =
        new Envelope(
            "evt-1",
            "lead.created",
            "2025-11-06T17:22:00Z",
            "org-1",
            null,
            "1.1",
            "ufp",
            JSON.readTree("{\"client\": \"Ana\"}"));
    return ProfileCatalog.forName("standard-webhooks")
        .render(
            event,
            new DeliveryContext(
                Deliveries.deliveryId("evt-1", subscriptionId),
                subscriptionId,
                at,
                secrets,
                Map.of(),
                Map.of()));
  }

  private static void verify(String secret, WebhookRequest request) throws Exception {
    Map<String, List<String>> headers =
        request.headers().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    new Webhook(secret).verify(request.bodyText(), HttpHeaders.of(headers, (a, b) -> true));
  }
}
