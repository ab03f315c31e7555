package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.signature.StandardWebhooksSignature;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hub started with a new master key after {@link MasterKeyRotation} reads the subscriptions made
 * under the old one: their custom headers are sent and their deliveries signed with the secret
 * shown at creation. A wrong current key changes nothing.
 */
class MasterKeyRotationIT {

  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aHubWithTheNewKeyReadsEverySecret(TestDatabase database, @TempDir Path dataDir)
      throws Exception {
    String oldKey = newKey();
    String newKey = newKey();
    try (TestReceiver receiver = new TestReceiver()) {
      TestHub hub = new TestHub(dataDir, database).with("hub.secrets.master-key", oldKey).start();
      JsonNode created;
      try {
        created =
            new AdminClient(hub)
                .create(
                    "{\"organizationId\": \"org-1\", \"eventTypes\": [\"*\"], \"url\": \""
                        + receiver.url("/hook")
                        + "\", \"profile\": \"standard-webhooks\","
                        + " \"headers\": {\"X-Webhook-Secret\": \"s3cr3t-header\"}}");
      } finally {
        hub.close();
      }
      List<String> before = storedValues(hub);

      try (Connection db = hub.connectDatabase()) {
        assertThatThrownBy(
                () ->
                    MasterKeyRotation.rotate(
                        db, new SecretCipher(newKey()), new SecretCipher(newKey)))
            .hasMessageContaining("cannot be decrypted with the current key")
            .hasMessageNotContaining("s3cr3t");
      }
      assertThat(storedValues(hub)).isEqualTo(before);

      try (Connection db = hub.connectDatabase()) {
        // The signing secret, the custom headers, the URL and the start-up key check.
        assertThat(MasterKeyRotation.rotate(db, new SecretCipher(oldKey), new SecretCipher(newKey)))
            .isEqualTo(4);
      }
      assertThat(storedValues(hub)).doesNotContainAnyElementsOf(before);

      hub.with("hub.secrets.master-key", newKey).start();
      try {
        AdminClient admin = new AdminClient(hub);
        String id = created.get("id").asText();
        admin.expect(200, "GET", "/api/subscriptions/" + id, null);
        admin.expect(
            202, "POST", "/api/subscriptions/" + id + "/test", "{\"eventType\": \"lead.created\"}");
        TestReceiver.Received delivery = receiver.next("/hook", 60);
        assertThat(delivery.header("X-Webhook-Secret")).isEqualTo("s3cr3t-header");
        assertThat(delivery.header("webhook-signature"))
            .isEqualTo(
                StandardWebhooksSignature.sign(
                    created.get("secret").asText(),
                    delivery.header("webhook-id"),
                    Long.parseLong(delivery.header("webhook-timestamp")),
                    delivery.body().getBytes(StandardCharsets.UTF_8)));
      } finally {
        hub.close();
      }
    }
  }

  private static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static List<String> storedValues(TestHub hub) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection db = hub.connectDatabase();
        var query = db.createStatement();
        ResultSet rows =
            query.executeQuery(
                "SELECT headers_encrypted FROM hub_subscription UNION ALL"
                    + " SELECT url_encrypted FROM hub_subscription UNION ALL"
                    + " SELECT secret_encrypted FROM hub_subscription_secret")) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
