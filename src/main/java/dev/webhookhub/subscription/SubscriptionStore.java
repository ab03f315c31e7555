package dev.webhookhub.subscription;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Subscriptions and their secrets in the database. Every change also bumps {@code
 * hub_subscription_version} in the same transaction, which is how every hub's cache learns of it.
 * Secrets and custom headers are stored encrypted.
 */
public final class SubscriptionStore implements SubscriptionMatcher.Source {

  private static final String COLUMNS =
      "id, organization_id, location_id, event_types, filter_json, url, url_encrypted, profile,"
          + " profile_options, headers_encrypted, retry_policy, rate_limit, description, enabled,"
          + " disabled_reason, disabled_at, created_at, updated_at";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A transaction's work. */
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final SecretCipher cipher;
  private final SubscriptionJson json;

  public SubscriptionStore(DataSource dataSource, SecretCipher cipher, SubscriptionJson json) {
    this.dataSource = dataSource;
    this.cipher = cipher;
    this.json = json;
  }

  /**
   * @param secret the signing secret, or {@code null} for an unsigned subscription
   */
  public Subscription create(SubscriptionRequest request, String secret) throws SQLException {
    Instant now = Instant.now();
    String id = "sub_" + randomId();
    return inTransaction(
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO hub_subscription ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, NULL, NULL, ?, ?)")) {
            insert.setString(1, id);
            int next = bindRequest(insert, 2, request);
            insert.setTimestamp(next, Timestamp.from(now));
            insert.setTimestamp(next + 1, Timestamp.from(now));
            insert.executeUpdate();
          }
          if (secret != null) {
            addSecret(c, id, secret, now);
          }
          bumpVersion(c);
          return find(c, id).orElseThrow();
        });
  }

  /** Replaces everything a request sets; state (enabled, secrets, times) is kept. */
  public Optional<Subscription> replace(String id, SubscriptionRequest request)
      throws SQLException {
    return update(
        id,
        "organization_id = ?, location_id = ?, event_types = ?, filter_json = ?, url = ?,"
            + " url_encrypted = ?, profile = ?, profile_options = ?, headers_encrypted = ?, retry_policy = ?,"
            + " rate_limit = ?, description = ?",
        statement -> bindRequest(statement, 1, request));
  }

  /** Enables, or disables with a reason (kept with the time, for operators). */
  public Optional<Subscription> setEnabled(String id, boolean enabled, String reason)
      throws SQLException {
    Instant now = Instant.now();
    return update(
        id,
        "enabled = ?, disabled_reason = ?, disabled_at = ?",
        statement -> {
          statement.setBoolean(1, enabled);
          statement.setString(2, enabled ? null : reason);
          statement.setTimestamp(3, enabled ? null : Timestamp.from(now));
          return 4;
        });
  }

  public boolean delete(String id) throws SQLException {
    return inTransaction(
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM hub_subscription WHERE id = ?")) {
            delete.setString(1, id);
            boolean deleted = delete.executeUpdate() == 1;
            if (deleted) {
              bumpVersion(c);
            }
            return deleted;
          }
        });
  }

  public Optional<Subscription> find(String id) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return find(c, id);
    }
  }

  /** Filters are optional ({@code null} = any); {@code locationId} "" means organization-wide. */
  public List<Subscription> list(String organizationId, String locationId, Boolean enabled)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hub_subscription WHERE 1=1");
    List<Object> params = new ArrayList<>();
    if (organizationId != null) {
      sql.append(" AND organization_id = ?");
      params.add(organizationId);
    }
    if (locationId != null) {
      if (locationId.isEmpty()) {
        sql.append(" AND location_id IS NULL");
      } else {
        sql.append(" AND location_id = ?");
        params.add(locationId);
      }
    }
    if (enabled != null) {
      sql.append(" AND enabled = ?");
      params.add(enabled);
    }
    sql.append(" ORDER BY created_at, id");
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        select.setObject(i + 1, params.get(i));
      }
      return readAll(select);
    }
  }

  /** Every subscription: what the matcher's cache holds. */
  @Override
  public List<Subscription> all() throws SQLException {
    return list(null, null, null);
  }

  /** The change counter; a cache loaded at this version is current. */
  @Override
  public long version() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT version FROM hub_subscription_version WHERE id = 1");
        ResultSet rs = select.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Adds {@code secret} as the newest secret; the current ones keep signing until {@code overlap}
   * has passed.
   *
   * @return false if there is no such subscription
   */
  public boolean rotateSecret(String id, String secret, Duration overlap) throws SQLException {
    Instant now = Instant.now();
    return inTransaction(
        c -> {
          if (find(c, id).isEmpty()) {
            return false;
          }
          // Secrets past their overlap are dropped here, where they are replaced.
          try (PreparedStatement drop =
              c.prepareStatement(
                  "DELETE FROM hub_subscription_secret WHERE subscription_id = ?"
                      + " AND expires_at <= ?")) {
            drop.setString(1, id);
            drop.setTimestamp(2, Timestamp.from(now));
            drop.executeUpdate();
          }
          try (PreparedStatement expire =
              c.prepareStatement(
                  "UPDATE hub_subscription_secret SET expires_at = ?"
                      + " WHERE subscription_id = ? AND (expires_at IS NULL OR expires_at > ?)")) {
            expire.setTimestamp(1, Timestamp.from(now.plus(overlap)));
            expire.setString(2, id);
            expire.setTimestamp(3, Timestamp.from(now.plus(overlap)));
            expire.executeUpdate();
          }
          addSecret(c, id, secret, now);
          bumpVersion(c);
          return true;
        });
  }

  /**
   * Encrypts the URLs that hubs before V10 stored in plain text, leaving the masked form in {@code
   * url}. Runs at start-up, after the master key check; a row another hub encrypted meanwhile is
   * left alone.
   *
   * @return how many URLs were encrypted
   */
  public int encryptStoredUrls() throws SQLException {
    return inTransaction(
        c -> {
          int encrypted = 0;
          try (PreparedStatement select =
                  c.prepareStatement(
                      "SELECT id, url FROM hub_subscription WHERE url_encrypted IS NULL"
                          + " FOR UPDATE");
              PreparedStatement update =
                  c.prepareStatement(
                      "UPDATE hub_subscription SET url = ?, url_encrypted = ?"
                          + " WHERE id = ? AND url_encrypted IS NULL");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              String url = rows.getString(2);
              update.setString(1, MaskedUrl.of(url));
              update.setString(2, cipher.encrypt(url));
              update.setString(3, rows.getString(1));
              encrypted += update.executeUpdate();
            }
          }
          if (encrypted > 0) {
            bumpVersion(c);
          }
          return encrypted;
        });
  }

  /** A signing secret, decrypted, and when it stops signing (null: never). */
  public record StoredSecret(String secret, Instant expiresAt) {}

  /** The secrets that sign at {@code now}, newest first. */
  public List<String> signingSecrets(String id, Instant now) throws SQLException {
    return storedSecrets(id).stream()
        .filter(s -> s.expiresAt() == null || s.expiresAt().isAfter(now))
        .map(StoredSecret::secret)
        .toList();
  }

  /** The secrets of a subscription that have not expired yet, newest first. */
  public List<StoredSecret> storedSecrets(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT secret_encrypted, expires_at FROM hub_subscription_secret"
                    + " WHERE subscription_id = ? AND (expires_at IS NULL OR expires_at > ?)"
                    + " ORDER BY created_at DESC, id DESC")) {
      select.setString(1, id);
      select.setTimestamp(2, Timestamp.from(Instant.now()));
      List<StoredSecret> secrets = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Timestamp expires = rs.getTimestamp(2);
          secrets.add(
              new StoredSecret(
                  cipher.decrypt(rs.getString(1)), expires == null ? null : expires.toInstant()));
        }
      }
      return secrets;
    }
  }

  private interface Binder {
    /**
     * @return the next parameter index
     */
    int bind(PreparedStatement statement) throws SQLException;
  }

  private Optional<Subscription> update(String id, String assignments, Binder binder)
      throws SQLException {
    return inTransaction(
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE hub_subscription SET " + assignments + ", updated_at = ? WHERE id = ?")) {
            int next = binder.bind(update);
            update.setTimestamp(next, Timestamp.from(Instant.now()));
            update.setString(next + 1, id);
            if (update.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          bumpVersion(c);
          return find(c, id);
        });
  }

  /** Binds the request's columns from {@code index}; returns the next index. */
  private int bindRequest(PreparedStatement statement, int index, SubscriptionRequest request)
      throws SQLException {
    statement.setString(index, request.organizationId());
    statement.setString(index + 1, request.locationId());
    statement.setString(index + 2, json.write(request.eventTypes()));
    statement.setString(index + 3, request.filter() == null ? null : json.write(request.filter()));
    statement.setString(index + 4, MaskedUrl.of(request.url()));
    statement.setString(index + 5, cipher.encrypt(request.url()));
    statement.setString(index + 6, request.profile());
    statement.setString(index + 7, json.write(request.profileOptions()));
    statement.setString(
        index + 8,
        request.headers().isEmpty() ? null : cipher.encrypt(json.write(request.headers())));
    statement.setString(index + 9, json.write(json.retryPolicy(request.retryPolicy())));
    statement.setObject(index + 10, request.rateLimit(), java.sql.Types.INTEGER);
    statement.setString(index + 11, request.description());
    return index + 12;
  }

  private void addSecret(Connection c, String id, String secret, Instant now) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO hub_subscription_secret (subscription_id, secret_encrypted, created_at)"
                + " VALUES (?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, cipher.encrypt(secret));
      insert.setTimestamp(3, Timestamp.from(now));
      insert.executeUpdate();
    }
  }

  private static void bumpVersion(Connection c) throws SQLException {
    try (PreparedStatement bump =
        c.prepareStatement(
            "UPDATE hub_subscription_version SET version = version + 1 WHERE id = 1")) {
      bump.executeUpdate();
    }
  }

  private Optional<Subscription> find(Connection c, String id) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT " + COLUMNS + " FROM hub_subscription WHERE id = ?")) {
      select.setString(1, id);
      return readAll(select).stream().findFirst();
    }
  }

  private List<Subscription> readAll(PreparedStatement select) throws SQLException {
    List<Subscription> subscriptions = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        String filter = rs.getString("filter_json");
        String headers = rs.getString("headers_encrypted");
        // Unencrypted only between the migration and encryptStoredUrls, which runs before any read.
        String url = rs.getString("url_encrypted");
        subscriptions.add(
            new Subscription(
                rs.getString("id"),
                rs.getString("organization_id"),
                rs.getString("location_id"),
                json.readList(rs.getString("event_types")),
                filter == null ? null : json.read(filter),
                url == null ? rs.getString("url") : cipher.decrypt(url),
                rs.getString("profile"),
                json.readMap(rs.getString("profile_options")),
                headers == null ? java.util.Map.of() : json.readMap(cipher.decrypt(headers)),
                json.readRetryPolicy(rs.getString("retry_policy")),
                (Integer) rs.getObject("rate_limit", Integer.class),
                rs.getString("description"),
                rs.getBoolean("enabled"),
                rs.getString("disabled_reason"),
                instant(rs.getTimestamp("disabled_at")),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at"))));
      }
    }
    return subscriptions;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
