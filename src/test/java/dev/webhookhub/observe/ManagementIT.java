package dev.webhookhub.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.broker.EmbeddedBroker;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Camel's management server as the hub configures it: health, metrics and Jolokia. */
class ManagementIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");

  @Test
  void readinessWaitsForTheRoutesDirectoryWhileLivenessIsUp(@TempDir Path dir) throws Exception {
    TestHub hub = new TestHub(dir, new TestDatabase.H2());
    // A routes file whose loading blocks until the test lets it go: the hub's routes run, the
    // integrators' routes are not loaded yet.
    Files.createDirectories(hub.routesDir());
    Files.writeString(
        hub.routesDir().resolve("slow.camel.yaml"),
        """
        - beans:
            - name: slowToLoad
              type: dev.webhookhub.observe.SlowToLoad
        - route:
            id: after-the-slow-bean
            from:
              uri: timer:slow
              parameters:
                repeatCount: 1
              steps:
                - log: loaded
        """);
    SlowToLoad.hold();
    CompletableFuture<TestHub> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return hub.start();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      SlowToLoad.awaitLoading();
      HttpResponse<String> ready = get(hub.managementUrl("/observe/health/ready"), null);
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
      assertThat(ready.body()).contains("routes-files").contains("DOWN");
      assertThat(get(hub.managementUrl("/observe/health/live"), null).statusCode()).isEqualTo(200);
    } finally {
      SlowToLoad.release();
    }
    try (TestHub running = started.get()) {
      awaitReady(running, 200);
      assertThat(running.context().getRouteController().getRouteStatus("after-the-slow-bean"))
          .hasToString("Started");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void readinessIsDownWhileTheDatabaseCannotBeReached(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (DatabaseOutage outage = DatabaseOutage.prepare(database, dir);
        TestHub hub = outage.configure(new TestHub(dir, database)).start()) {
      awaitReady(hub, 200);

      outage.begin();
      awaitReady(hub, 503);
      assertThat(get(hub.managementUrl("/observe/health/ready"), null).body()).contains("database");
      assertThat(get(hub.managementUrl("/observe/health/live"), null).statusCode()).isEqualTo(200);

      outage.end();
      awaitReady(hub, 200);
    }
  }

  @Test
  void readinessIsDownWhileTheBrokerCannotBeReached(@TempDir Path first, @TempDir Path second)
      throws Exception {
    TestDatabase database = new TestDatabase.H2();
    try (TestHub withBroker = new TestHub(first, database).start();
        TestHub hub = new TestHub(second, database).besides(withBroker).start()) {
      awaitReady(hub, 200);
      ActiveMQServer broker =
          withBroker.bean("embeddedBroker", EmbeddedBroker.class).server().getActiveMQServer();

      broker.stop();
      awaitReady(hub, 503);
      assertThat(get(hub.managementUrl("/observe/health/ready"), null).body()).contains("broker");
      assertThat(get(hub.managementUrl("/observe/health/live"), null).statusCode()).isEqualTo(200);

      broker.start();
      awaitReady(hub, 200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void metricsShowTheHubsMetersMovingWithDeliveries(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, database).start()) {
      new AdminClient(hub)
          .create(
              "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
                  + receiver.url("/ok")
                  + "\", \"profile\": \"envelope\"}");
      String before = metrics(hub);
      assertThat(before).contains("camel_exchanges_total").contains("hub_dead_letters");
      assertThat(
              value(before, "hub_deliveries_total", "outcome=\"delivered\",profile=\"envelope\""))
          .isZero();

      Senders senders = new Senders(hub);
      assertThat(senders.httpJson("ufp", UFP).statusCode()).isEqualTo(202);
      receiver.next("/ok", 20);
      // The same event again is a duplicate, a broken body is invalid: both counted by source.
      senders.httpJson("ufp", UFP);
      senders.httpJson("ufp", "{not json");

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                String now = metrics(hub);
                assertThat(
                        value(
                            now,
                            "hub_deliveries_total",
                            "outcome=\"delivered\",profile=\"envelope\""))
                    .isEqualTo(1);
                assertThat(value(now, "hub_delivery_attempt_seconds_count", "profile=\"envelope\""))
                    .isEqualTo(1);
                assertThat(value(now, "hub_ingest_duplicates_total", "source=\"ufp\""))
                    .isEqualTo(1);
                assertThat(value(now, "hub_ingest_invalid_total", "source=\"ufp\"")).isEqualTo(1);
                // Delivered, so nothing waits; the series exists all the same.
                assertThat(now).contains("hub_queue_depth{queue=\"hub.deliveries\"} 0.0");
                assertThat(now)
                    .contains("hub_circuit_breakers_open ")
                    .contains("hub_subscriptions_disabled ");
              });
    }
  }

  @Test
  void changePollLagGrowsWhileAPollerCannotReadItsTable(@TempDir Path dir) throws Exception {
    TestHub hub = new TestHub(dir, new TestDatabase.H2()).ingestOnly();
    Path sources = Files.createDirectories(hub.routesDir().resolve("sources"));
    Files.copy(
        Path.of("routes/sources/contacts-changes.camel.yaml"),
        sources.resolve("contacts-changes.camel.yaml"));
    try (TestHub running = hub.with("hub.examples.contacts-changes", "true").start()) {
      try (Connection db = running.connectDatabase();
          Statement sql = db.createStatement()) {
        sql.execute(
            "CREATE TABLE contacts (id BIGINT PRIMARY KEY, organization_id VARCHAR(200),"
                + " updated_at TIMESTAMP NOT NULL, deleted_at TIMESTAMP)");
      }
      String lag = "hub_change_poll_lag_seconds";
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String now = metrics(running);
                assertThat(now).contains(lag + "{poller=\"crm:contacts\"}");
                assertThat(value(now, lag, "poller=\"crm:contacts\"")).isLessThan(3);
              });

      try (Connection db = running.connectDatabase();
          Statement sql = db.createStatement()) {
        sql.execute("DROP TABLE contacts");
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(value(metrics(running), lag, "poller=\"crm:contacts\""))
                      .isGreaterThan(6));
    }
  }

  @Test
  void jolokiaShowsRoutesAndQueuesAndRefusesWhatItsPolicyDoesNotName(@TempDir Path dir)
      throws Exception {
    try (TestHub hub = new TestHub(dir, new TestDatabase.H2()).start()) {
      awaitReady(hub, 200);
      JsonNode routes = jolokia(hub, "/search/org.apache.camel:type=routes,*");
      assertThat(routes.path("status").asInt()).isEqualTo(200);
      assertThat(routes.path("value").toString()).contains("name=\\\"normalise\\\"");

      JsonNode queues = jolokia(hub, "/search/org.apache.activemq.artemis:subcomponent=queues,*");
      assertThat(queues.path("value").toString())
          .contains("queue=\\\"hub.deliveries\\\"")
          .contains("queue=\\\"hub.events\\\"");
      String deliveries = firstMatching(queues, "queue=\"hub.deliveries\"");
      JsonNode count = exec(hub, deliveries, "countMessages()");
      assertThat(count.path("status").asInt()).as(count.toString()).isEqualTo(200);

      // An operator stops and starts a route; readiness follows.
      String normalise = firstMatching(routes, "name=\"normalise\"");
      assertThat(exec(hub, normalise, "stop()").path("status").asInt()).isEqualTo(200);
      awaitReady(hub, 503);
      assertThat(get(hub.managementUrl("/observe/health/ready"), null).body())
          .contains("route:normalise");
      // Stopped on purpose is not broken: an orchestrator must not restart the hub for it.
      assertThat(get(hub.managementUrl("/observe/health/live"), null).statusCode()).isEqualTo(200);
      assertThat(exec(hub, normalise, "start()").path("status").asInt()).isEqualTo(200);
      awaitReady(hub, 200);

      // Outside the policy: JVM operations, broker administration, attribute writes.
      assertRefused(exec(hub, "java.lang:type=Memory", "gc()"));
      assertRefused(
          exec(hub, "java.lang:type=Threading", "dumpAllThreads(boolean,boolean)", false, false));
      String broker = "org.apache.activemq.artemis:broker=\"webhook-hub\"";
      assertRefused(exec(hub, broker, "destroyQueue(java.lang.String)", "hub.events"));
      assertRefused(exec(hub, normalise, "remove()"));
      assertRefused(
          post(
              hub,
              Map.of(
                  "type",
                  "write",
                  "mbean",
                  "java.lang:type=Memory",
                  "attribute",
                  "Verbose",
                  "value",
                  true)));
      assertThat(hub.context().getRouteController().getRouteStatus("normalise"))
          .hasToString("Started");
    }
  }

  @Test
  void beyondLocalhostMetricsAndJolokiaAskForTheOperatorsPassword(@TempDir Path dir)
      throws Exception {
    try (TestHub hub =
        new TestHub(dir, new TestDatabase.H2())
            .with("hub.management.host", "0.0.0.0")
            .with("hub.hawtio.user", "ops")
            .start()) {
      String operator = basic("ops", TestHub.ADMIN_TOKEN);
      awaitReady(hub, 200);
      assertThat(get(hub.managementUrl("/observe/health"), null).statusCode()).isEqualTo(200);
      for (String path : new String[] {"/observe/metrics", "/observe/jolokia/version"}) {
        HttpResponse<String> anonymous = get(hub.managementUrl(path), null);
        assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(get(hub.managementUrl(path), basic("ops", "wrong")).statusCode())
            .as(path)
            .isEqualTo(401);
        assertThat(get(hub.managementUrl(path), basic("admin", TestHub.ADMIN_TOKEN)).statusCode())
            .as(path)
            .isEqualTo(401);
        assertThat(get(hub.managementUrl(path), operator).statusCode()).as(path).isEqualTo(200);
      }
    }
  }

  @Test
  void onLocalhostMetricsAndJolokiaAreOpenAndOnlyThere(@TempDir Path dir) throws Exception {
    try (TestHub hub = new TestHub(dir, new TestDatabase.H2()).start()) {
      assertThat(get(hub.managementUrl("/observe/metrics"), null).statusCode()).isEqualTo(200);
      assertThat(get(hub.managementUrl("/observe/jolokia/version"), null).statusCode())
          .isEqualTo(200);
      // Bound to 127.0.0.1: the machine's other addresses do not answer.
      int port = URI.create(hub.managementUrl("/")).getPort();
      for (InetAddress address : nonLoopbackAddresses()) {
        try (Socket socket = new Socket()) {
          assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 2000))
              .as(address.toString())
              .isInstanceOf(java.io.IOException.class);
        }
      }
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws Exception {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .toList();
  }

  private static void assertRefused(JsonNode answer) {
    assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(403);
  }

  private static String firstMatching(JsonNode search, String part) {
    for (JsonNode name : search.path("value")) {
      if (name.asText().contains(part)) {
        return name.asText();
      }
    }
    throw new AssertionError("no MBean with " + part + " in " + search);
  }

  /** As Hawtio calls operations: a POST with a JSON request. */
  private static JsonNode exec(TestHub hub, String mbean, String operation, Object... arguments)
      throws Exception {
    return post(
        hub,
        Map.of("type", "exec", "mbean", mbean, "operation", operation, "arguments", arguments));
  }

  private static JsonNode post(TestHub hub, Map<String, Object> request) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(hub.managementUrl("/observe/jolokia/")))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static JsonNode jolokia(TestHub hub, String path) throws Exception {
    HttpResponse<String> response = get(hub.managementUrl("/observe/jolokia" + path), null);
    return JSON.readTree(response.body());
  }

  private static String metrics(TestHub hub) throws Exception {
    HttpResponse<String> response = get(hub.managementUrl("/observe/metrics"), null);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of one sample, 0 when the series does not exist yet. */
  private static double value(String metrics, String name, String labels) {
    Matcher sample =
        Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
            .matcher(metrics);
    while (sample.find()) {
      if (sample.group(1).contains(labels)) {
        return Double.parseDouble(sample.group(2));
      }
    }
    return 0;
  }

  private static void awaitReady(TestHub hub, int status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get(hub.managementUrl("/observe/health/ready"), null).statusCode())
                    .isEqualTo(status));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(String url, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
