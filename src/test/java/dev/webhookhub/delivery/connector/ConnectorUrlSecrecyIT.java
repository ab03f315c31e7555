package dev.webhookhub.delivery.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Slack or Zapier URL is the credential of its channel: the admin API shows it whole only in the
 * creation answer, and the database holds it encrypted, while deliveries still go to the whole URL.
 */
class ConnectorUrlSecrecyIT {

  private static final String SLACK_PATH = "/services/T0HUB/B0HUB/slackTokenXYZ123";
  private static final String ZAPIER_PATH = "/hooks/catch/123456/zapTokenAbc789/";

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aConnectorUrlIsShownOnceAndStoredEncrypted(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, database)) {
      ConnectorIT.install(hub, "slack");
      ConnectorIT.install(hub, "zapier");
      hub.start();
      AdminClient admin = new AdminClient(hub);
      String slackUrl = receiver.url(SLACK_PATH);
      String zapierUrl = receiver.url(ZAPIER_PATH);
      JsonNode slack = admin.create(subscription("slack", slackUrl));
      JsonNode zapier = admin.create(subscription("zapier", zapierUrl));
      assertThat(slack.path("url").asText()).isEqualTo(slackUrl);
      assertThat(zapier.path("url").asText()).isEqualTo(zapierUrl);

      String slackId = slack.path("id").asText();
      JsonNode read = admin.expect(200, "GET", "/api/subscriptions/" + slackId, null);
      assertThat(read.path("url").asText()).isEqualTo(receiver.url("/services/********"));
      JsonNode patched =
          admin.expect(
              200, "PATCH", "/api/subscriptions/" + slackId, "{\"description\": \"coach desk\"}");
      List<String> reads =
          List.of(
              read.toString(),
              patched.toString(),
              admin.expect(200, "GET", "/api/subscriptions", null).toString(),
              admin
                  .expect(200, "GET", "/api/subscriptions/" + zapier.path("id").asText(), null)
                  .toString());
      assertThat(reads).noneMatch(r -> r.contains("slackToken") || r.contains("zapToken"));
      assertThat(storedSubscriptionText(hub)).doesNotContain("slackToken", "zapToken");

      // The matcher and the sender still work with the whole URL, after the update too.
      ConnectorIT.sendDeferral(hub);
      receiver.next(SLACK_PATH, 30);
      receiver.next(ZAPIER_PATH, 30);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aUrlStoredInPlainTextBeforeTheUpgradeIsEncryptedAtStart(
      TestDatabase database, @TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, database)) {
      ConnectorIT.install(hub, "slack");
      hub.start();
      String slackUrl = receiver.url(SLACK_PATH);
      String id = new AdminClient(hub).create(subscription("slack", slackUrl)).path("id").asText();
      hub.close();
      try (Connection db = hub.connectDatabase();
          PreparedStatement plain =
              db.prepareStatement(
                  "UPDATE hub_subscription SET url = ?, url_encrypted = NULL WHERE id = ?")) {
        // How a row written by a hub before the URL was encrypted looks.
        plain.setString(1, slackUrl);
        plain.setString(2, id);
        assertThat(plain.executeUpdate()).isEqualTo(1);
      }

      hub.start();
      assertThat(storedSubscriptionText(hub)).doesNotContain("slackToken");
      ConnectorIT.sendDeferral(hub);
      receiver.next(SLACK_PATH, 30);
    }
  }

  private static String subscription(String connector, String url) {
    return "{\"organizationId\": \"org-1\", \"eventTypes\": [\"*\"], \"profile\": \""
        + connector
        + "\", \"url\": \""
        + url
        + "\"}";
  }

  /** Every column of every subscription row, as text. */
  private static String storedSubscriptionText(TestHub hub) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection db = hub.connectDatabase();
        var query = db.createStatement();
        ResultSet rows = query.executeQuery("SELECT * FROM hub_subscription")) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(rows.getObject(i)));
        }
      }
    }
    assertThat(values).isNotEmpty();
    return String.join("\n", values);
  }
}
