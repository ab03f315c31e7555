package dev.webhookhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookhub.subscription.SecretCipher;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.ReliabilityTable;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.SsrfTargets;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus's address literals through a whole hub: subscriptions whose stored URL names a
 * forbidden address (written into the database past the admin API, which refuses them, as a row of
 * an older hub or a changed policy would be) get a real event, and each delivery's attempt is
 * recorded as {@code blocked_target}. Names, rebinding and redirects need a resolver the test
 * controls: {@code SsrfCorpusTest} sends them through the same sender.
 */
class SsrfAtSendIT {

  private static final String ORGANIZATION = "org-ssrf";
  private static final String ALLOWED = "allowed-receiver.ssrf.test";

  /** A webhook (the hub's own HTTP client) and a connector (camel-http in a YAML route). */
  private static final List<String> PROFILES = List.of("envelope", "slack");

  @Test
  void eachForbiddenAddressIsRecordedAsABlockedTargetWhenSent(@TempDir Path dir) throws Exception {
    List<SsrfTargets.Target> literals =
        SsrfTargets.all().stream().filter(t -> t.kind().equals("literal")).toList();
    ReliabilityTable.securitySmoke()
        .record(
            "SSRF literals refused at send time by a running hub, recorded on the delivery",
            String.valueOf(literals.size() * PROFILES.size()),
            "a webhook and a Slack subscription per literal, URLs written past the admin API;"
                + " every attempt recorded blocked_target",
            () -> {
              // Only a name no corpus target uses is allowed (a test hub allows 127.0.0.1 and
              // localhost); subscriptions are created with it, then pointed at the targets.
              try (TestHub hub =
                  new TestHub(dir, new TestDatabase.H2()).with("hub.allow-targets", ALLOWED)) {
                Path slack = hub.routesDir().resolve("connectors/slack.camel.yaml");
                Files.createDirectories(slack.getParent());
                Files.copy(Path.of("routes/connectors/slack.camel.yaml"), slack);
                hub.start();
                AdminClient admin = new AdminClient(hub);
                SecretCipher cipher = new SecretCipher(TestHub.SECRETS_MASTER_KEY);
                Map<String, String> targetOf = new LinkedHashMap<>();
                try (Connection db = hub.connectDatabase();
                    PreparedStatement store =
                        db.prepareStatement(
                            "UPDATE hub_subscription SET url_encrypted = ? WHERE id = ?")) {
                  for (SsrfTargets.Target target : literals) {
                    for (String profile : PROFILES) {
                      String id =
                          admin
                              .create(
                                  "{\"organizationId\": \""
                                      + ORGANIZATION
                                      + "\", \"eventTypes\": [\"*\"], \"profile\": \""
                                      + profile
                                      + "\", \"url\": \""
                                      + "http://"
                                      + ALLOWED
                                      + "/never"
                                      + "\", \"retryPolicy\": {\"delays\": [\"PT1H\"]}}")
                              .path("id")
                              .asText();
                      store.setString(1, cipher.encrypt(target.url()));
                      store.setString(2, id);
                      assertThat(store.executeUpdate()).isEqualTo(1);
                      targetOf.put(id, profile + " " + target.url());
                    }
                  }
                  db.createStatement()
                      .executeUpdate("UPDATE hub_subscription_version SET version = version + 1");
                }
                // A fresh start: no cache holds the URLs the subscriptions were created with.
                hub.restart();
                assertThat(
                        new Senders(hub)
                            .http(
                                "fineguide",
                                "application/json",
                                SeedSamples.read("fineguide/session_open.json"),
                                Map.of("Hub-Organization-Id", ORGANIZATION))
                            .statusCode())
                    .isEqualTo(202);

                await()
                    .atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(errorKinds(hub)).hasSize(targetOf.size()));
                Map<String, String> kinds = errorKinds(hub);
                Map<String, String> notBlocked = new HashMap<>();
                kinds.forEach(
                    (id, kind) -> {
                      if (!kind.startsWith("blocked_target:")) {
                        notBlocked.put(targetOf.get(id), kind);
                      }
                    });
                assertThat(notBlocked).as("targets not recorded as blocked_target").isEmpty();
              }
            });
  }

  /** The first attempt's error kind and error per subscription. */
  private static Map<String, String> errorKinds(TestHub hub) throws Exception {
    Map<String, String> kinds = new HashMap<>();
    try (Connection db = hub.connectDatabase();
        PreparedStatement select =
            db.prepareStatement(
                "SELECT subscription_id, error_kind, error FROM hub_delivery_attempt"
                    + " WHERE attempt = 1");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        kinds.put(rows.getString(1), rows.getString(2) + ": " + rows.getString(3));
      }
    }
    return kinds;
  }
}
