package dev.webhookhub;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.testing.HubProcess;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.TestReceiver;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as an operator runs it: {@code java -jar} in a directory of its own, configured
 * only through the environment. Catches what in-process tests cannot: files missing from the shaded
 * jar (service files, protocols), start-up from an empty directory, process exit codes, and
 * recovery after the process is killed without any chance to clean up.
 */
class JarIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration START_UP = Duration.ofSeconds(60);
  private static final int KILL_TEST_EVENTS = 300;

  @TempDir Path workDir;

  private HubProcess hubs;
  private int httpPort;
  private int brokerPort;

  @BeforeEach
  void prepareProcess() {
    hubs = new HubProcess(workDir);
    httpPort = hubs.httpPort();
    brokerPort = hubs.brokerPort();
  }

  /** The hub's own log is the first thing to read when one of these tests fails. */
  @RegisterExtension
  final AfterTestExecutionCallback printOutputOnFailure =
      context -> {
        if (context.getExecutionException().isPresent()) {
          System.err.println("==== output of the hub process(es) ====\n" + output());
        }
      };

  @AfterEach
  void stopProcesses() throws InterruptedException {
    hubs.close();
  }

  @Test
  void startsWithZeroSetUp() throws Exception {
    Process hub = startHub(Map.of());

    HttpResponse<String> accepted =
        awaitAccepted(hub, "ufp", SeedSamples.read("ufp/new_lead_created.json"));
    String eventId = JSON.readTree(accepted.body()).path("eventId").asText();
    assertThat(eventId).isNotBlank();

    // The management endpoints run from the jar: Camel's service files and the Jolokia policy
    // survived shading.
    String management = "http://127.0.0.1:" + hubs.managementPort() + "/observe";
    await("ready")
        .atMost(START_UP)
        .until(() -> fetch(management + "/health/ready").statusCode(), status -> status == 200);
    // Queue depths are read in the background from start-up on: wait for the first reading.
    await("queue depths")
        .atMost(START_UP)
        .untilAsserted(
            () ->
                assertThat(fetch(management + "/metrics").body())
                    .contains("hub_queue_depth{queue=\"hub.events\"}")
                    .contains("camel_exchanges_total"));
    assertThat(
            JSON.readTree(fetch(management + "/jolokia/exec/java.lang:type=Memory/gc()").body())
                .path("status")
                .asInt())
        .isEqualTo(403);

    // Nothing was prepared: the hub made its broker journal and database where it runs.
    assertThat(workDir.resolve("config")).doesNotExist();
    assertThat(workDir.resolve("data/broker")).isDirectory();
    assertThat(workDir.resolve("data/db")).isDirectory();

    // A non-Java consumer over AMQP: also proves the shaded jar kept the AMQP protocol module.
    ConnectionFactory amqp = new JmsConnectionFactory("amqp://127.0.0.1:" + brokerPort);
    try (Connection connection = amqp.createConnection()) {
      connection.start();
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Message message = session.createConsumer(session.createQueue("hub.events")).receive(20_000);
      assertThat(message).as("event on hub.events, read over AMQP").isNotNull();
      JsonNode event = JSON.readTree(message.getBody(String.class));
      assertThat(event.path("eventType").asText()).isEqualTo("lead.created");
      assertThat(event.path("eventId").asText()).isEqualTo(eventId);
      assertThat(event.path("source").asText()).isEqualTo("ufp");
    }

    // Hawtio runs from the war carried inside the jar; its password is the generated admin token.
    String token = Files.readString(workDir.resolve("data/admin-token")).trim();
    await("Hawtio accepts the admin token")
        .atMost(START_UP)
        .failFast("the hub process exited", () -> !hub.isAlive())
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> hawtioLogin(token), status -> status == 200);
    assertThat(hawtioLogin("wrong-password")).isEqualTo(403);
  }

  private int hawtioLogin(String password) throws IOException, InterruptedException {
    HttpRequest login =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hubs.hawtioPort() + "/hawtio/auth/login"))
            .timeout(Duration.ofSeconds(10))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"username\": \"admin\", \"password\": \"" + password + "\"}"))
            .build();
    return HTTP.send(login, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The connectors run from the jar too: Groovy, its language service and the YAML loader. */
  @Test
  void theShippedSlackConnectorDeliversFromTheJar() throws Exception {
    Path connectors = Files.createDirectories(workDir.resolve("routes/connectors"));
    Files.copy(
        Path.of("routes/connectors/slack.camel.yaml"), connectors.resolve("slack.camel.yaml"));
    String token = "jar-test-admin-token-0123456789";
    try (TestReceiver slack = new TestReceiver()) {
      Process hub =
          startHub(
              Map.of(
                  "HUB_FANOUT_CONSUMERS", "1",
                  "HUB_ADMIN_TOKEN", token,
                  "HUB_ALLOW_TARGETS", "127.0.0.1"));
      awaitAccepted(hub, "ufp", SeedSamples.read("ufp/new_lead_created.json"));
      HttpRequest subscribe =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/subscriptions"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"],"
                          + " \"profile\": \"slack\", \"url\": \""
                          + slack.url("/slack")
                          + "\"}"))
              .build();
      // The routes files load right after start-up: until then "slack" is an unknown profile.
      await("a slack subscription is accepted")
          .atMost(START_UP)
          .until(
              () -> HTTP.send(subscribe, HttpResponse.BodyHandlers.ofString()).statusCode(),
              status -> status == 201);
      assertThat(
              post(
                      "ufp",
                      SeedSamples.read("ufp/new_lead_created.json")
                          .replace("\"Campaign\"", "\"Jar\""))
                  .statusCode())
          .isEqualTo(202);
      JsonNode message = JSON.readTree(slack.next("/slack", 30).body());
      assertThat(message.path("text").asText()).startsWith("Lead created");
      assertThat(message.path("blocks").get(0).path("type").asText()).isEqualTo("header");
      assertThat(message.path("blocks").toString()).contains("Jar");
    }
  }

  private static HttpResponse<String> fetch(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void badValueFailsStartUpNamingTheKey() throws Exception {
    Process hub = startHub(Map.of("HUB_HTTP_PORT", "eighty"));

    assertThat(hub.waitFor(START_UP.toSeconds(), SECONDS)).as("hub exited").isTrue();
    assertThat(hub.exitValue()).isNotZero();
    assertThat(output()).contains("HUB_HTTP_PORT").contains("'eighty'");
    // Settings are checked before anything is touched.
    assertThat(workDir.resolve("data")).doesNotExist();
  }

  @Test
  void unknownNormaliserFailsStartUp() throws Exception {
    Process hub = startHub(Map.of("HUB_SOURCES", "crm:nosuch"));

    assertThat(hub.waitFor(START_UP.toSeconds(), SECONDS)).as("hub exited").isTrue();
    assertThat(hub.exitValue()).isNotZero();
    assertThat(output()).contains("HUB_SOURCES").contains("unknown normaliser 'nosuch'");
    assertThat(workDir.resolve("data")).doesNotExist();
  }

  /** What a log shipper reads: every line of standard output one JSON object (ECS fields). */
  @Test
  void jsonLogFormatGivesOneObjectPerLine() throws Exception {
    Process hub = startHub(Map.of("HUB_LOG_FORMAT", "json"));
    awaitAccepted(hub, "ufp", SeedSamples.read("ufp/new_lead_created.json"));
    hub.destroy();
    assertThat(hub.waitFor(START_UP.toSeconds(), SECONDS)).as("hub stopped").isTrue();

    List<String> lines = output().lines().filter(l -> !l.startsWith("==== hub start")).toList();
    assertThat(lines).hasSizeGreaterThan(10);
    for (String line : lines) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.isObject()).as(line).isTrue();
      assertThat(event.path("log.level").asText())
          .as(line)
          .isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
      assertThat(event.path("log.logger").asText()).as(line).isNotBlank();
      assertThat(event.has("message")).as(line).isTrue();
      assertThat(event.path("@timestamp").asText()).as(line).endsWith("Z");
    }
    assertThat(lines).anyMatch(l -> l.contains("\"log.logger\":\"dev.webhookhub."));
  }

  @Test
  void wrongSecretsMasterKeyFailsStartUpNamingIt() throws Exception {
    String keyA = java.util.Base64.getEncoder().encodeToString("a".repeat(32).getBytes());
    String keyB = java.util.Base64.getEncoder().encodeToString("b".repeat(32).getBytes());
    Process first = startHub(Map.of("HUB_SECRETS_MASTER_KEY", keyA));
    awaitAccepted(first, "ufp", SeedSamples.read("ufp/new_lead_created.json"));
    first.destroy();
    assertThat(first.waitFor(START_UP.toSeconds(), SECONDS)).as("first hub stopped").isTrue();

    Process second = startHub(Map.of("HUB_SECRETS_MASTER_KEY", keyB));

    assertThat(second.waitFor(START_UP.toSeconds(), SECONDS)).as("hub exited").isTrue();
    assertThat(second.exitValue()).isEqualTo(2);
    // What the second hub printed (the header line before it is the test's, with the keys).
    String printed = output().substring(output().lastIndexOf(" ====\n"));
    assertThat(printed)
        .contains("Webhook Hub cannot start: Configuration hub.secrets.master-key")
        .contains("HUB_SECRETS_MASTER_KEY")
        .doesNotContain(keyA)
        .doesNotContain(keyB);
  }

  @Test
  void killDashNineLosesNothing() throws Exception {
    ConnectionFactory core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
    Process first = startHub(Map.of());
    Set<String> sent = sendFitProTrackerEvents(first, core, KILL_TEST_EVENTS);

    // Kill while the hub is part-way through: some events published, the rest still queued.
    int publishedBeforeKill = awaitFirstEvents(first, core);
    first.destroyForcibly();
    assertThat(first.waitFor(30, SECONDS)).as("killed hub exited").isTrue();
    System.out.printf(
        "JarIT: kill -9 with %d of %d events on hub.events%n", publishedBeforeKill, sent.size());
    assertThat(publishedBeforeKill)
        .as("events on hub.events just before the kill; all of them means the kill came too late")
        .isLessThan(KILL_TEST_EVENTS);

    Process second = startHub(Map.of());
    Map<String, Integer> received = new HashMap<>();
    try (Connection connection = awaitConnection(second, core)) {
      connection.start();
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer events = session.createConsumer(session.createQueue("hub.events"));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!received.keySet().containsAll(sent)
          && System.nanoTime() < deadline
          && second.isAlive()) {
        receiveAll(events, received, 1_000);
      }
      assertThat(received.keySet())
          .as("event ids on hub.events after restart")
          .containsExactlyInAnyOrderElementsOf(sent);

      // A late duplicate would come from a source message still being worked on: wait for the
      // source queue to empty, then take whatever else arrives.
      await("hub.ingest.fitprotracker empty")
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .until(() -> depth(session, "hub.ingest.fitprotracker") == 0);
      receiveAll(events, received, 2_000);
      Map<String, Integer> duplicates = new HashMap<>(received);
      duplicates.values().removeIf(times -> times == 1);
      assertThat(duplicates).as("event ids that arrived more than once, with counts").isEmpty();

      Message invalid =
          session.createConsumer(session.createQueue("hub.ingest.invalid")).receive(1_000);
      assertThat(invalid).as("message parked on hub.ingest.invalid").isNull();
    }
  }

  // --- the hub process -------------------------------------------------------------------------

  /** {@code java -jar} in the temp dir, ingest-only: the tests read hub.events themselves. */
  private Process startHub(Map<String, String> overrides) throws IOException {
    Map<String, String> env = new HashMap<>(Map.of("HUB_FANOUT_CONSUMERS", "0"));
    env.putAll(overrides);
    return hubs.start(env);
  }

  private String output() throws IOException {
    return hubs.output();
  }

  // --- HTTP ------------------------------------------------------------------------------------

  /** Posts until the hub answers 202: refused connections and 404s mean it is still starting. */
  private HttpResponse<String> awaitAccepted(Process hub, String source, String body) {
    return await("POST /ingest/" + source + " answers 202")
        .atMost(START_UP)
        .pollInterval(Duration.ofMillis(250))
        .failFast("the hub process exited", () -> !hub.isAlive())
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> post(source, body), response -> response.statusCode() == 202);
  }

  private HttpResponse<String> post(String source, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ingest/" + source))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  // --- JMS -------------------------------------------------------------------------------------

  /** A connection as soon as the hub's broker accepts one. */
  private static Connection awaitConnection(Process hub, ConnectionFactory factory) {
    return await("broker accepts connections")
        .atMost(START_UP)
        .pollInterval(Duration.ofMillis(200))
        .failFast("the hub process exited", () -> !hub.isAlive())
        .ignoreExceptionsInstanceOf(JMSException.class)
        .until(factory::createConnection, connection -> connection != null);
  }

  /** Distinct copies of the FitProTracker sample, all committed in one transaction. */
  private static Set<String> sendFitProTrackerEvents(
      Process hub, ConnectionFactory factory, int count) throws Exception {
    String sample = SeedSamples.read("fitprotracker/contact_created.json");
    Set<String> eventIds = new LinkedHashSet<>();
    try (Connection connection = awaitConnection(hub, factory)) {
      Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
      MessageProducer producer =
          session.createProducer(session.createQueue("hub.ingest.fitprotracker"));
      for (int i = 0; i < count; i++) {
        ObjectNode event = (ObjectNode) JSON.readTree(sample);
        String eventId = UUID.randomUUID().toString();
        event.put("eventId", eventId);
        producer.send(session.createTextMessage(event.toString()));
        eventIds.add(eventId);
      }
      session.commit();
    }
    return eventIds;
  }

  /** Waits until hub.events holds something, and returns how much it holds at that moment. */
  private static int awaitFirstEvents(Process hub, ConnectionFactory factory) throws Exception {
    try (Connection connection = awaitConnection(hub, factory)) {
      connection.start();
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      return await("first event on hub.events")
          .atMost(START_UP)
          .pollInterval(Duration.ofMillis(10))
          .pollInSameThread()
          .failFast("the hub process exited", () -> !hub.isAlive())
          .until(() -> depth(session, "hub.events"), depth -> depth > 0);
    }
  }

  /** Messages a browser sees on the queue (not counting those delivered but not yet acked). */
  private static int depth(Session session, String queue) throws JMSException {
    try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
      int depth = 0;
      for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); e.nextElement()) {
        depth++;
      }
      return depth;
    }
  }

  /** Receives until the queue stays quiet for {@code quietMillis}, counting each event id. */
  private static void receiveAll(
      MessageConsumer consumer, Map<String, Integer> counts, long quietMillis) throws Exception {
    for (Message m = consumer.receive(quietMillis); m != null; m = consumer.receive(quietMillis)) {
      String eventId = JSON.readTree(m.getBody(String.class)).path("eventId").asText();
      counts.merge(eventId, 1, Integer::sum);
    }
  }
}
