package dev.webhookhub.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.webhookhub.config.HubSettings;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's database: PostgreSQL when {@code hub.db.url} is set, otherwise an H2 file under the
 * data dir. Both run the same Flyway migrations, so the SQL in {@code db/migration} sticks to what
 * both accept (see docs/decisions.md).
 */
public final class HubDatabase extends ServiceSupport {

  private static final Logger LOG = LoggerFactory.getLogger(HubDatabase.class);

  /** The longest a caller waits for a connection before it is told the database is down. */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

  private final HikariDataSource dataSource;

  public HubDatabase(HubSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("hub-db");
    config.setJdbcUrl(settings.dbUrl().orElseGet(() -> embeddedUrl(settings.dataDir())));
    settings.dbUser().ifPresent(config::setUsername);
    settings.dbPassword().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.dbPoolSize());
    config.setMinimumIdle(Math.min(2, settings.dbPoolSize()));
    // A database that cannot be reached is an error within a second, not after Hikari's default
    // 30 s: HTTP ingest then answers 503 at once (issue 12), and every other user retries on its
    // own schedule anyway. A second is still far beyond a healthy pool's wait for a connection.
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(CONNECTION_TIMEOUT.toMillis() / 2);
    this.dataSource = new HikariDataSource(config);
    LOG.info(
        "Database: {}",
        settings.dbUrl().isPresent()
            ? "PostgreSQL (hub.db.url)"
            : "embedded H2 in " + h2File(settings.dataDir()));
  }

  /**
   * H2 in PostgreSQL mode, so that one set of migrations and queries serves both. {@code
   * DB_CLOSE_ON_EXIT=FALSE}: H2's own JVM shutdown hook would otherwise close the database on
   * SIGTERM while Camel's hook is still stopping the routes that use it (the outbox and coalescing
   * pollers then failed with "Database is already closed"). The database closes when this service
   * closes the pool, which Camel does after every route has stopped. {@code WRITE_DELAY=0}: H2
   * otherwise writes commits to the file up to a second later, and a {@code kill -9} lost them; the
   * delivery engine acknowledges a broker message only after its record is committed, which is
   * worth nothing while the commit is still in the process.
   */
  static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + h2File(dataDir).toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }

  private static Path h2File(Path dataDir) {
    return dataDir.resolve("db").resolve("hub");
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Brings the schema to the newest migration; safe when several hubs start at once. */
  public void migrate() {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  /** Camel stops services after every route, so nothing polls the database any more. */
  @Override
  protected void doStop() {
    dataSource.close();
    LOG.info("Database closed");
  }
}
