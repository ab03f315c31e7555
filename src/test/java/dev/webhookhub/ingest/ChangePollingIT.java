package dev.webhookhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.ingest.changes.ChangePoller;
import dev.webhookhub.ingest.changes.ChangePollers;
import dev.webhookhub.testing.HubEvents;
import dev.webhookhub.testing.LogCapture;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worked example {@code routes/sources/contacts-changes.camel.yaml}, as shipped: rows of a
 * {@code contacts} table in the hub's database become contact events, across a restart.
 */
class ChangePollingIT {

  private static final Path EXAMPLE = Path.of("routes/sources/contacts-changes.camel.yaml");

  private static final String CONTACTS =
      "CREATE TABLE contacts (id BIGINT PRIMARY KEY, organization_id VARCHAR(200),"
          + " name VARCHAR(200), email VARCHAR(200), updated_at TIMESTAMP NOT NULL,"
          + " deleted_at TIMESTAMP)";

  /** A hub with the example turned on, reading its routes from a copy under {@code dir}. */
  private static TestHub hubWithExample(Path dir, TestDatabase database) throws Exception {
    Path routes = Files.createDirectories(dir.resolve("routes").resolve("sources"));
    Files.copy(EXAMPLE, routes.resolve(EXAMPLE.getFileName()));
    return new TestHub(dir.resolve("hub"), database)
        .ingestOnly()
        .with("hub.routes.dir", dir.resolve("routes").toString())
        .with("hub.examples.contacts-changes", "true");
  }

  private static void sql(TestHub hub, String... statements) throws Exception {
    try (Connection db = hub.connectDatabase();
        Statement statement = db.createStatement()) {
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void insertsUpdatesAndSoftDeletesBecomeContactEvents(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestHub hub = hubWithExample(dir, database)) {
      hub.start();
      sql(hub, CONTACTS);
      try (HubEvents events = new HubEvents(hub)) {
        // Two rows with the same change time: the cursor's key part keeps both.
        sql(
            hub,
            "INSERT INTO contacts (id, organization_id, name, email, updated_at) VALUES"
                + " (1, 'org-1', 'Ana', 'ana@example.com', CURRENT_TIMESTAMP),"
                + " (2, 'org-1', 'Ben', 'ben@example.com', CURRENT_TIMESTAMP)");
        JsonNode ana = events.next();
        JsonNode ben = events.next();
        assertThat(ana.path("eventType").asText()).isEqualTo("contact.created");
        assertThat(ana.path("source").asText()).isEqualTo("crm");
        assertThat(ana.path("organizationId").asText()).isEqualTo("org-1");
        assertThat(ana.path("data").path("id").asLong()).isEqualTo(1);
        assertThat(ana.path("data").path("email").asText()).isEqualTo("ana@example.com");
        assertThat(ana.path("data").path("deleted_at").isNull()).isTrue();
        assertThat(ben.path("eventType").asText()).isEqualTo("contact.created");
        assertThat(ben.path("data").path("id").asLong()).isEqualTo(2);

        sql(
            hub,
            "UPDATE contacts SET name = 'Ana Maria', updated_at = CURRENT_TIMESTAMP WHERE id = 1");
        JsonNode updated = events.next();
        assertThat(updated.path("eventType").asText()).isEqualTo("contact.updated");
        assertThat(updated.path("data").path("name").asText()).isEqualTo("Ana Maria");
        assertThat(updated.path("eventId").asText()).isNotEqualTo(ana.path("eventId").asText());

        sql(
            hub,
            "UPDATE contacts SET deleted_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP"
                + " WHERE id = 2");
        JsonNode deleted = events.next();
        assertThat(deleted.path("eventType").asText()).isEqualTo("contact.deleted");
        assertThat(deleted.path("data").path("id").asLong()).isEqualTo(2);
        assertThat(deleted.path("data").path("deleted_at").isNull()).isFalse();

        // A row without an organization is recorded and passed; the next row still comes.
        sql(
            hub,
            "INSERT INTO contacts (id, name, updated_at) VALUES (3, 'Nobody', CURRENT_TIMESTAMP)");
        sql(
            hub,
            "INSERT INTO contacts (id, organization_id, name, updated_at)"
                + " VALUES (4, 'org-2', 'Cy', CURRENT_TIMESTAMP)");
        JsonNode cy = events.next();
        assertThat(cy.path("eventType").asText()).isEqualTo("contact.created");
        assertThat(cy.path("data").path("id").asLong()).isEqualTo(4);
        // The rejection is committed with the poll's cursor, after Cy was published: wait for it.
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  try (Connection db = hub.connectDatabase();
                      Statement statement = db.createStatement();
                      ResultSet rejected =
                          statement.executeQuery(
                              "SELECT poller, row_key, error FROM hub_change_rejected")) {
                    assertThat(rejected.next()).isTrue();
                    assertThat(rejected.getString("poller")).isEqualTo("crm:contacts");
                    assertThat(rejected.getString("row_key")).isEqualTo("3");
                    assertThat(rejected.getString("error")).contains("organization");
                    assertThat(rejected.next()).isFalse();
                  }
                });
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void deletedKeysAreForgottenWhileLiveOnesStay(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestHub hub = hubWithExample(dir, database)) {
      hub.start();
      sql(hub, CONTACTS);
      try (HubEvents events = new HubEvents(hub)) {
        sql(
            hub,
            "INSERT INTO contacts (id, organization_id, name, updated_at) VALUES"
                + " (1, 'org-1', 'Ana', CURRENT_TIMESTAMP), (2, 'org-1', 'Ben', CURRENT_TIMESTAMP),"
                + " (3, 'org-1', 'Cy', CURRENT_TIMESTAMP)");
        for (int i = 0; i < 3; i++) {
          assertThat(events.next().path("eventType").asText()).isEqualTo("contact.created");
        }
        sql(
            hub,
            "UPDATE contacts SET deleted_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP"
                + " WHERE id IN (1, 2)");
        assertThat(events.next().path("eventType").asText()).isEqualTo("contact.deleted");
        assertThat(events.next().path("eventType").asText()).isEqualTo("contact.deleted");
        // Deleted before the hub saw it: skipped, and nothing to remember either.
        sql(
            hub,
            "INSERT INTO contacts (id, organization_id, name, updated_at, deleted_at) VALUES"
                + " (4, 'org-1', 'Di', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        sql(
            hub,
            "INSERT INTO contacts (id, organization_id, name, updated_at)"
                + " VALUES (5, 'org-1', 'Ed', CURRENT_TIMESTAMP)");
        assertThat(events.next().path("data").path("id").asLong()).isEqualTo(5);

        // Only the keys that tell created from updated stay: the live rows the hub emitted.
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(seenKeys(hub)).containsExactly("3", "5"));

        // A deleted row that comes back is created again; a live one is still updated.
        sql(
            hub,
            "UPDATE contacts SET deleted_at = NULL, updated_at = CURRENT_TIMESTAMP WHERE id = 1");
        JsonNode back = events.next();
        assertThat(back.path("eventType").asText()).isEqualTo("contact.created");
        assertThat(back.path("data").path("id").asLong()).isEqualTo(1);
        sql(hub, "UPDATE contacts SET name = 'Cyd', updated_at = CURRENT_TIMESTAMP WHERE id = 3");
        JsonNode updated = events.next();
        assertThat(updated.path("eventType").asText()).isEqualTo("contact.updated");
        assertThat(updated.path("data").path("id").asLong()).isEqualTo(3);
      }
    }
  }

  private static java.util.List<String> seenKeys(TestHub hub) throws Exception {
    java.util.List<String> keys = new java.util.ArrayList<>();
    try (Connection db = hub.connectDatabase();
        Statement statement = db.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT row_key FROM hub_change_key ORDER BY row_key")) {
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
    }
    return keys;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void theCursorSurvivesARestart(TestDatabase database, @TempDir Path dir) throws Exception {
    TestHub first = hubWithExample(dir, database);
    try (first) {
      first.start();
      sql(first, CONTACTS);
      sql(
          first,
          "INSERT INTO contacts (id, organization_id, name, updated_at) VALUES"
              + " (1, 'org-1', 'Ana', CURRENT_TIMESTAMP), (2, 'org-1', 'Ben', CURRENT_TIMESTAMP)");
      try (HubEvents events = new HubEvents(first)) {
        assertThat(events.next().path("eventType").asText()).isEqualTo("contact.created");
        assertThat(events.next().path("eventType").asText()).isEqualTo("contact.created");
      }
      // The counter moves after the publish that the reader above saw: wait for it, do not race.
      ChangePoller poller = first.bean("changePollers", ChangePollers.class).get("crm:contacts");
      await().atMost(Duration.ofSeconds(10)).until(() -> poller.rowsEmitted() == 2);
    }

    // While the hub is down, one row changes and one is added.
    sql(
        first,
        "UPDATE contacts SET name = 'Ana Maria', updated_at = CURRENT_TIMESTAMP WHERE id = 1",
        "INSERT INTO contacts (id, organization_id, name, updated_at)"
            + " VALUES (3, 'org-1', 'Cy', CURRENT_TIMESTAMP)");

    try (TestHub second = hubWithExample(dir.resolve("again"), database)) {
      // Same data dir and database as the first hub; a new copy of the routes.
      second.with("hub.data-dir", dir.resolve("hub").toString()).start();
      try (HubEvents events = new HubEvents(second)) {
        JsonNode updated = events.next();
        JsonNode created = events.next();
        assertThat(updated.path("eventType").asText()).isEqualTo("contact.updated");
        assertThat(updated.path("data").path("id").asLong()).isEqualTo(1);
        assertThat(created.path("eventType").asText()).isEqualTo("contact.created");
        assertThat(created.path("data").path("id").asLong()).isEqualTo(3);
        assertThat(events.poll(3_000)).isNull();
      }
      // Nothing was read twice: no re-emitted copy even reached deduplication.
      assertThat(second.bean("eventDeduplicator", EventDeduplicator.class).duplicatesDropped())
          .isZero();
      ChangePoller again = second.bean("changePollers", ChangePollers.class).get("crm:contacts");
      await().atMost(Duration.ofSeconds(10)).until(() -> again.rowsEmitted() == 2);
    }
  }

  /** The polled table may live in another database, declared as a bean in the same YAML. */
  @Test
  void aTableInAnotherDatabaseIsPolled(@TempDir Path dir) throws Exception {
    String otherDb = "jdbc:h2:mem:crm-" + dir.getFileName() + ";DB_CLOSE_DELAY=-1";
    Path routes = Files.createDirectories(dir.resolve("routes"));
    Files.writeString(
        routes.resolve("crm.camel.yaml"),
        """
        - beans:
            - name: crmDatabase
              type: org.h2.jdbcx.JdbcDataSource
              properties:
                url: "%s"
        - templatedRoute:
            routeTemplateRef: hub-change-polling-source
            parameters:
              - {name: source, value: crm}
              - {name: table, value: people}
              - {name: entity, value: person}
              - {name: keyColumn, value: email}
              - {name: deletedColumn, value: none}
              - {name: organizationId, value: org-9}
              - {name: dataSource, value: crmDatabase}
              - {name: settle, value: PT0S}
        """
            .formatted(otherDb));
    try (Connection crm = java.sql.DriverManager.getConnection(otherDb);
        Statement statement = crm.createStatement()) {
      statement.executeUpdate(
          "CREATE TABLE people (email VARCHAR(200) PRIMARY KEY, name VARCHAR(200),"
              + " updated_at TIMESTAMP NOT NULL)");
      statement.executeUpdate(
          "INSERT INTO people (email, updated_at) VALUES ('a@example.com', CURRENT_TIMESTAMP)");
      try (TestHub hub =
              new TestHub(dir.resolve("hub"), new TestDatabase.H2())
                  .ingestOnly()
                  .with("hub.routes.dir", routes.toString())
                  .start();
          HubEvents events = new HubEvents(hub)) {
        JsonNode person = events.next();
        assertThat(person.path("eventType").asText()).isEqualTo("person.created");
        assertThat(person.path("organizationId").asText()).isEqualTo("org-9");
        // Column names as that database reports them: H2 upper-cases unquoted names.
        assertThat(person.path("data").path("EMAIL").asText()).isEqualTo("a@example.com");
      }
    }
  }

  /** As shipped the example reads nothing, so a hub without a contacts table starts as before. */
  @Test
  void aMissingTableIsReportedOnceAndPolledAgainWhenItAppears(@TempDir Path dir) throws Exception {
    try (LogCapture log = LogCapture.start();
        TestHub hub = hubWithExample(dir, new TestDatabase.H2()).start();
        HubEvents events = new HubEvents(hub)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> log.text().contains("crm:contacts cannot poll"));
      // Polls keep failing, with growing pauses and without a warning each time.
      ChangePoller poller = hub.bean("changePollers", ChangePollers.class).get("crm:contacts");
      await().atMost(Duration.ofSeconds(20)).until(() -> poller.failedPolls() >= 3);
      assertThat(log.text().split("cannot poll", -1)).hasSize(2);
      assertThat(log.text().lines().filter(l -> l.startsWith("ERROR"))).isEmpty();

      sql(hub, CONTACTS);
      sql(
          hub,
          "INSERT INTO contacts (id, organization_id, name, updated_at)"
              + " VALUES (1, 'org-1', 'Ana', CURRENT_TIMESTAMP)");
      assertThat(events.next().path("eventType").asText()).isEqualTo("contact.created");
      // The poller says so once its poll is over, which may be after the event is on the queue.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> log.text().contains("crm:contacts polls again after"));
    }
  }

  @Test
  void theExampleIsOffByDefault(@TempDir Path dir) throws Exception {
    try (TestHub hub =
        hubWithExample(dir, new TestDatabase.H2())
            .with("hub.examples.contacts-changes", "false")
            .start()) {
      assertThat(hub.context().getRouteController().getRouteStatus("crm-contacts-changes"))
          .isEqualTo(ServiceStatus.Stopped);
      assertThat(hub.bean("changePollers", ChangePollers.class).get("crm:contacts")).isNull();
      String contact = SeedSamples.read("fitprotracker/contact_created.json");
      assertThat(new Senders(hub).httpJson("crm", contact).statusCode()).isEqualTo(404);
    }
  }
}
