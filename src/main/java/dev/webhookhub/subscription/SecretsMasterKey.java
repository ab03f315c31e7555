package dev.webhookhub.subscription;

import dev.webhookhub.config.GeneratedKeyFile;
import dev.webhookhub.config.InvalidSettingException;
import dev.webhookhub.signature.SecretComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The secrets master key, checked against the database at start-up. A wrong key used to show only
 * at the first delivery (500 on reading a subscription, events dead in fan-out); now the hub
 * refuses to start, naming {@code HUB_SECRETS_MASTER_KEY}.
 *
 * <p>The first start stores a key-check value (a fixed text encrypted with the key) in {@code
 * hub_secrets_key_check}; every start must decrypt it. A database from before the check has no such
 * row: one of its stored secrets is decrypted instead, then the row is written. "Missing" is a
 * database that holds secrets while no key is configured and the generated key file is gone (a
 * recreated container, a second hub with a data dir of its own): generating a new key would make
 * every stored secret unreadable.
 */
public final class SecretsMasterKey {

  static final String SETTING = "hub.secrets.master-key";
  private static final String CHECK_TEXT = "webhook-hub secrets master key check";

  private SecretsMasterKey() {}

  /**
   * @param configured the configured key, if any
   * @param keyFile where a hub without a configured key keeps the one it generated
   * @return a cipher under the key that the database's secrets were stored with
   * @throws InvalidSettingException if the key is malformed, wrong or missing
   */
  public static SecretCipher open(Optional<String> configured, Path keyFile, DataSource database)
      throws SQLException {
    String key;
    if (configured.isPresent()) {
      key = configured.get();
    } else if (Files.exists(keyFile) || !holdsSecrets(database)) {
      key = GeneratedKeyFile.readOrCreate(keyFile, 32);
    } else {
      throw new InvalidSettingException(
          SETTING,
          "is not set and "
              + keyFile.toAbsolutePath()
              + " does not exist, but the database holds secrets encrypted with a master key."
              + " Set it to the key they were stored with (a hub that generated its own key kept"
              + " it in secrets-master.key in its data dir); every hub on one database needs the"
              + " same key");
    }
    SecretCipher cipher;
    try {
      cipher = new SecretCipher(key);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(SETTING, "is not usable: " + e.getMessage());
    }
    verify(cipher, database, configured.isPresent() ? null : keyFile);
    return cipher;
  }

  private static void verify(SecretCipher cipher, DataSource database, Path keyFile)
      throws SQLException {
    try (Connection c = database.getConnection()) {
      Optional<String> check = checkValue(c);
      if (check.isEmpty()) {
        // A database from before the check: its secrets are the test, then the check is stored.
        Optional<String> stored = anyStoredSecret(c);
        if (stored.isPresent() && !decrypts(cipher, stored.get(), null)) {
          throw wrongKey(keyFile);
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO hub_secrets_key_check (id, check_value, created_at) VALUES (1, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
          insert.setString(1, cipher.encrypt(CHECK_TEXT));
          insert.setTimestamp(2, Timestamp.from(Instant.now()));
          insert.executeUpdate();
        }
        // Another hub may have stored its check first, with its own key.
        check = checkValue(c);
      }
      if (!decrypts(cipher, check.orElseThrow(), CHECK_TEXT)) {
        throw wrongKey(keyFile);
      }
    }
  }

  private static InvalidSettingException wrongKey(Path keyFile) {
    return new InvalidSettingException(
        SETTING,
        (keyFile == null ? "" : "is not set; the key generated into " + keyFile + " ")
            + "does not decrypt the secrets stored in the database: it is not the key they were"
            + " stored with. Start with that key; every hub on one database needs the same one");
  }

  private static boolean decrypts(SecretCipher cipher, String stored, String expected) {
    try {
      String plain = cipher.decrypt(stored);
      return expected == null || SecretComparison.matches(expected, plain);
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static boolean holdsSecrets(DataSource database) throws SQLException {
    try (Connection c = database.getConnection()) {
      return checkValue(c).isPresent() || anyStoredSecret(c).isPresent();
    }
  }

  private static Optional<String> checkValue(Connection c) throws SQLException {
    return first(c, "SELECT check_value FROM hub_secrets_key_check WHERE id = 1");
  }

  private static Optional<String> anyStoredSecret(Connection c) throws SQLException {
    Optional<String> secret = first(c, "SELECT secret_encrypted FROM hub_subscription_secret");
    if (secret.isPresent()) {
      return secret;
    }
    // Every subscription's URL is encrypted (V10): an unsigned one without headers is a secret too.
    Optional<String> url =
        first(c, "SELECT url_encrypted FROM hub_subscription WHERE url_encrypted IS NOT NULL");
    return url.isPresent()
        ? url
        : first(
            c,
            "SELECT headers_encrypted FROM hub_subscription WHERE headers_encrypted IS NOT NULL");
  }

  private static Optional<String> first(Connection c, String select) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(select + " LIMIT 1");
        ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    }
  }
}
