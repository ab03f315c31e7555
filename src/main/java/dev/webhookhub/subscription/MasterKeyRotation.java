package dev.webhookhub.subscription;

import dev.webhookhub.config.HubSettings;
import dev.webhookhub.config.InvalidSettingException;
import dev.webhookhub.db.HubDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Changes the secrets master key: decrypts every value stored at rest (signing secrets, custom
 * headers, subscription URLs, the key check) with the current key and encrypts it with the new one,
 * in one transaction, so either every row moves or none does. The hub holds one key at a time, so
 * run this with every hub stopped, then start them with the new key (docs/operations.md, "Rotating
 * the secrets master key").
 *
 * <pre>
 * NEW_SECRETS_MASTER_KEY=$(openssl rand -base64 32) \
 *   java -cp webhook-hub.jar dev.webhookhub.subscription.MasterKeyRotation
 * </pre>
 *
 * It reads the hub's usual configuration (database, current key); a current key that was generated
 * into the data dir is replaced there by the new one. The new key comes from the environment, not
 * the command line, where other users of the machine could read it.
 */
public final class MasterKeyRotation {

  /** Where encrypted values live: table, key column, encrypted column. */
  private record EncryptedColumn(String table, String key, String column) {}

  private static final List<EncryptedColumn> ENCRYPTED =
      List.of(
          new EncryptedColumn("hub_subscription", "id", "headers_encrypted"),
          new EncryptedColumn("hub_subscription", "id", "url_encrypted"),
          new EncryptedColumn("hub_subscription_secret", "id", "secret_encrypted"),
          // The start-up check value: left under the old key, it would stop every hub started
          // with the new one.
          new EncryptedColumn("hub_secrets_key_check", "id", "check_value"));

  static final String NEW_KEY_VARIABLE = "NEW_SECRETS_MASTER_KEY";

  private MasterKeyRotation() {}

  /**
   * Re-encrypts every stored value from {@code current} to {@code next} and commits.
   *
   * @return how many values were re-encrypted
   * @throws IllegalStateException naming the row, if a value cannot be decrypted with {@code
   *     current}; nothing is changed then
   */
  public static int rotate(Connection db, SecretCipher current, SecretCipher next)
      throws SQLException {
    db.setAutoCommit(false);
    try {
      int values = 0;
      for (EncryptedColumn encrypted : ENCRYPTED) {
        values += reencrypt(db, encrypted, current, next);
      }
      db.commit();
      return values;
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    }
  }

  private static int reencrypt(
      Connection db, EncryptedColumn encrypted, SecretCipher current, SecretCipher next)
      throws SQLException {
    String select =
        String.format(
            "SELECT %s, %s FROM %s WHERE %s IS NOT NULL FOR UPDATE",
            encrypted.key(), encrypted.column(), encrypted.table(), encrypted.column());
    String update =
        String.format(
            "UPDATE %s SET %s = ? WHERE %s = ?",
            encrypted.table(), encrypted.column(), encrypted.key());
    int values = 0;
    try (Statement query = db.createStatement();
        ResultSet rows = query.executeQuery(select);
        PreparedStatement write = db.prepareStatement(update)) {
      while (rows.next()) {
        String plaintext;
        try {
          plaintext = current.decrypt(rows.getString(2));
        } catch (IllegalStateException e) {
          throw new IllegalStateException(
              encrypted.table()
                  + " row "
                  + rows.getObject(1)
                  + " cannot be decrypted with the current key (HUB_SECRETS_MASTER_KEY);"
                  + " nothing was changed");
        }
        write.setString(1, next.encrypt(plaintext));
        write.setObject(2, rows.getObject(1));
        write.addBatch();
        values++;
      }
      write.executeBatch();
    }
    return values;
  }

  public static void main(String... args) throws Exception {
    String newKey = System.getenv(NEW_KEY_VARIABLE);
    if (newKey == null || newKey.isBlank()) {
      fail("set " + NEW_KEY_VARIABLE + " to the new key (base64 of 32 bytes)");
    }
    HubSettings settings;
    try {
      settings = HubSettings.fromEnvironment();
    } catch (InvalidSettingException e) {
      fail(e.getMessage());
      return;
    }
    Path generated = settings.dataDir().resolve("secrets-master.key");
    String currentKey = settings.secretsMasterKey().orElse(null);
    if (currentKey == null && Files.isRegularFile(generated)) {
      currentKey = Files.readString(generated).strip();
    }
    if (currentKey == null) {
      fail("no current key: set HUB_SECRETS_MASTER_KEY (or run where " + generated + " is)");
    }
    SecretCipher current = new SecretCipher(currentKey);
    SecretCipher next = new SecretCipher(newKey);
    HubDatabase database = new HubDatabase(settings);
    try (Connection db = database.dataSource().getConnection()) {
      int values = rotate(db, current, next);
      System.out.println("Re-encrypted " + values + " stored values with the new key.");
    } catch (IllegalStateException e) {
      fail(e.getMessage());
    } finally {
      database.stop();
    }
    if (settings.secretsMasterKey().isEmpty()) {
      replaceGeneratedKey(generated, newKey);
      System.out.println("The new key replaced " + generated + ".");
    } else {
      System.out.println("Now give every hub the new key in HUB_SECRETS_MASTER_KEY and start it.");
    }
  }

  private static void replaceGeneratedKey(Path file, String key) throws IOException {
    Path written = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(written, key + "\n");
    try {
      Files.setPosixFilePermissions(
          written, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the data dir's permissions, as the generated one did.
    }
    Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void fail(String message) {
    System.err.println("Master key rotation: " + message);
    System.exit(2);
  }
}
