package dev.webhookhub.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A database a test runs against: always embedded H2, and PostgreSQL too when {@code
 * HUB_TEST_PG_URL} is set (as {@code .ci/run} does). Each PostgreSQL use gets a fresh schema, so
 * tests never see each other's rows.
 */
public sealed interface TestDatabase {

  /** For {@code @MethodSource}: run a parameterized test once per available database. */
  String ALL = "dev.webhookhub.testing.TestDatabase#available";

  /** Settings overrides that point a hub at this database, given the hub's data dir. */
  Map<String, String> settings(Path dataDir);

  /** Opens a connection for the test itself to insert or inspect rows. */
  Connection connect(Path dataDir) throws SQLException;

  String name();

  static List<TestDatabase> available() {
    List<TestDatabase> databases = new ArrayList<>();
    databases.add(new H2());
    String pgUrl = System.getenv("HUB_TEST_PG_URL");
    if (pgUrl != null && !pgUrl.isBlank()) {
      databases.add(
          new Postgres(
              pgUrl,
              System.getenv().getOrDefault("HUB_TEST_PG_USER", "hub"),
              System.getenv().getOrDefault("HUB_TEST_PG_PASSWORD", "hub")));
    }
    return databases;
  }

  /** The hub's default: an H2 file under its data dir. */
  record H2() implements TestDatabase {
    @Override
    public Map<String, String> settings(Path dataDir) {
      return Map.of();
    }

    @Override
    public Connection connect(Path dataDir) throws SQLException {
      return DriverManager.getConnection(url(dataDir));
    }

    /** The URL the hub itself builds for its embedded database. */
    public String url(Path dataDir) {
      return "jdbc:h2:file:"
          + dataDir.resolve("db").resolve("hub").toAbsolutePath()
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
          + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    @Override
    public String name() {
      return "H2";
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** A fresh schema in the CI PostgreSQL server. */
  final class Postgres implements TestDatabase {
    private final String url;
    private final String user;
    private final String password;
    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    private boolean created;

    Postgres(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
    }

    private synchronized String schemaUrl() throws SQLException {
      if (!created) {
        try (Connection c = DriverManager.getConnection(url, user, password);
            Statement s = c.createStatement()) {
          s.execute("CREATE SCHEMA " + schema);
        }
        created = true;
      }
      return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public Map<String, String> settings(Path dataDir) {
      try {
        return Map.of("hub.db.url", schemaUrl(), "hub.db.user", user, "hub.db.password", password);
      } catch (SQLException e) {
        throw new IllegalStateException("PostgreSQL at HUB_TEST_PG_URL is not reachable", e);
      }
    }

    @Override
    public Connection connect(Path dataDir) throws SQLException {
      return DriverManager.getConnection(schemaUrl(), user, password);
    }

    @Override
    public String name() {
      return "PostgreSQL";
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
