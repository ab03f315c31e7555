package dev.webhookhub;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookhub.testing.HubProcess;
import dev.webhookhub.testing.LogCapture;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the hub stops every route, the outbox and coalescing pollers included, before the
 * database and the broker go: no poll may find the database already closed.
 */
class ShutdownIT {

  /** Polls this often so that one is certain to run while the hub stops. */
  private static final String FAST_POLL = "PT0.01S";

  /**
   * SIGTERM to the jar, as an orchestrator stops it. H2 closed itself from its own JVM shutdown
   * hook, racing Camel's, before the fix; only a real process has those hooks.
   */
  @Test
  void sigtermClosesTheDatabaseOnlyAfterThePollersStopped(@TempDir Path dir) throws Exception {
    try (HubProcess hubs = new HubProcess(dir)) {
      Process hub =
          hubs.start(Map.of("HUB_OUTBOX_POLL_INTERVAL", FAST_POLL, "HUB_HAWTIO_ENABLED", "false"));
      HttpClient http = HttpClient.newHttpClient();
      URI ready = URI.create("http://127.0.0.1:" + hubs.managementPort() + "/observe/health/ready");
      // Ready means every route runs: from here on the outbox poller is busy every 10 ms, so the
      // stop below catches it mid-flight.
      await("the hub is ready")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .failFast("the hub process exited", () -> !hub.isAlive())
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(
              () ->
                  http.send(
                          HttpRequest.newBuilder(ready).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode(),
              status -> status == 200);

      hub.destroy(); // SIGTERM
      assertThat(hub.waitFor(60, SECONDS)).as("hub stopped").isTrue();

      String output = hubs.output();
      assertThat(output).as("hub output").contains("Database closed");
      assertThat(output).doesNotContain("already closed").doesNotContain(" ERROR ");
      assertThat(output.indexOf("Database closed"))
          .as("the database closes after the outbox route stopped")
          .isGreaterThan(output.lastIndexOf("Stopped ingest-outbox"));
    }
  }

  /** The same order when the hub is closed in-process (tests, the demo). */
  @Test
  void closingTheHubClosesTheDatabaseAfterEveryRoute(@TempDir Path dir) throws Exception {
    try (LogCapture log = LogCapture.start()) {
      TestHub hub =
          new TestHub(dir, new TestDatabase.H2())
              .with("hub.outbox.poll-interval", FAST_POLL)
              .start();
      NotifyBuilder polls =
          new NotifyBuilder(hub.context()).fromRoute("ingest-outbox").whenDone(20).create();
      assertThat(polls.matches(30, SECONDS)).as("the outbox poller runs").isTrue();
      hub.close();

      String text = log.text();
      assertThat(text).doesNotContain("already closed").doesNotContain("ERROR ");
      List<String> lines = text.lines().toList();
      int closed = indexOf(lines, "Database closed");
      assertThat(closed).as("database closed").isNotNegative();
      assertThat(closed)
          .as("after the outbox and coalescing pollers stopped")
          .isGreaterThan(indexOf(lines, "Stopped ingest-outbox"))
          .isGreaterThan(indexOf(lines, "Stopped coalesce-poll"));
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
