package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.config.InvalidSettingException;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A wrong or missing secrets master key stops the start, naming HUB_SECRETS_MASTER_KEY. */
class MasterKeyCheckIT {

  private static final String KEY_A = key('a');
  private static final String KEY_B = key('b');

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void theHubStartsOnlyWithTheKeyTheSecretsWereStoredWith(TestDatabase database, @TempDir Path dir)
      throws Exception {
    String id;
    try (TestHub hub = hub(dir, database, KEY_A).start()) {
      id =
          new AdminClient(hub)
              .create(
                  "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"profile\": \"envelope\","
                      + " \"url\": \"http://127.0.0.1:9/x\","
                      + " \"headers\": {\"X-Webhook-Secret\": \"fg-42\"}}")
              .path("id")
              .asText();
    }

    refused(() -> hub(dir, database, KEY_B).start(), "does not decrypt the secrets");
    refused(() -> hub(dir, database, "not base64 !").start(), "is not usable");
    // No key configured and no generated key file: "missing", not a new key.
    refused(() -> hub(dir, database, "").start(), "is not set");
    assertThat(dir.resolve("secrets-master.key")).as("no key generated").doesNotExist();

    try (TestHub hub = hub(dir, database, KEY_A).start()) {
      assertThat(
              new AdminClient(hub)
                  .expect(200, "GET", "/api/subscriptions/" + id, null)
                  .path("headers")
                  .path("X-Webhook-Secret")
                  .asText())
          .isEqualTo("********");
    }

    // A database from before the check: its stored secrets are the test, then the check is kept.
    try (Connection c = hubConnection(dir, database);
        Statement delete = c.createStatement()) {
      delete.executeUpdate("DELETE FROM hub_secrets_key_check");
    }
    refused(() -> hub(dir, database, KEY_B).start(), "does not decrypt the secrets");
    hub(dir, database, KEY_A).start().close();
    try (Connection c = hubConnection(dir, database);
        Statement count = c.createStatement();
        var rs = count.executeQuery("SELECT COUNT(*) FROM hub_secrets_key_check")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aGeneratedKeyIsCheckedToo(TestDatabase database, @TempDir Path dir) throws Exception {
    hub(dir, database, "").start().close();
    Path keyFile = dir.resolve("secrets-master.key");
    assertThat(keyFile).exists();
    hub(dir, database, "").start().close();

    Files.writeString(keyFile, KEY_B);
    refused(() -> hub(dir, database, "").start(), "the key generated into " + keyFile);
  }

  private static void refused(ThrowingCallable start, String problem) {
    assertThatThrownBy(start)
        .satisfies(
            e -> {
              Throwable invalid = e;
              while (invalid != null && !(invalid instanceof InvalidSettingException)) {
                invalid = invalid.getCause();
              }
              assertThat(invalid).as("an InvalidSettingException in " + e).isNotNull();
              assertThat(invalid.getMessage()).contains("HUB_SECRETS_MASTER_KEY").contains(problem);
            });
  }

  private static TestHub hub(Path dir, TestDatabase database, String key) {
    return new TestHub(dir, database).with("hub.secrets.master-key", key);
  }

  private static Connection hubConnection(Path dir, TestDatabase database) throws Exception {
    return new TestHub(dir, database).connectDatabase();
  }

  private static String key(char fill) {
    return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes());
  }
}
