package dev.webhookhub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.Hub;
import dev.webhookhub.config.ConfigFiles;
import dev.webhookhub.config.HubSettings;
import dev.webhookhub.queue.HubQueues;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * {@code java -jar webhook-hub.jar --demo}: a throw-away hub (own data dir, free ports) and a local
 * receiver that checks signatures; one subscription per profile plus one whose receiver always
 * fails; the seed samples sent through JMS, HTTP and the outbox; then a short account of what was
 * delivered, verified, retried and dead-lettered. Its data dir is deleted when it ends.
 */
public final class Demo {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "demo-admin-token-not-for-production";

  /** Profile, receiver path, organization of the sample it gets. */
  private record Sub(String profile, String path, String organizationId, String extra) {}

  private static final List<Sub> SUBSCRIPTIONS =
      List.of(
          new Sub("envelope", "/envelope", "1", ""),
          new Sub("ufp", "/ufp", "1", ""),
          new Sub("standard-webhooks", "/standard-webhooks", "org-1042", ""),
          new Sub("fitmetrics", "/fitmetrics", "org-demo", ""),
          new Sub("fineguide", "/fineguide", "org-abc123", ""),
          new Sub(
              "envelope",
              "/failing",
              "org-1042",
              ", \"retryPolicy\": {\"delays\": [\"PT1S\", \"PT2S\"], \"disableOnExhaustion\": true}"));

  private Demo() {}

  public static int run(PrintStream out) throws Exception {
    try (ThrowAwayDataDir data = ThrowAwayDataDir.create()) {
      return run(out, data);
    }
  }

  private static int run(PrintStream out, ThrowAwayDataDir data) throws Exception {
    Path dir = data.path();
    int httpPort = freePort();
    HubSettings settings =
        HubSettings.load(
            ConfigFiles.read(),
            Map.of(),
            Map.of(
                "hub.data-dir",
                dir.toString(),
                "hub.http-host",
                "127.0.0.1",
                "hub.http-port",
                String.valueOf(httpPort),
                "hub.broker.port",
                String.valueOf(freePort()),
                "hub.management.port",
                String.valueOf(freePort()),
                "hub.admin.token",
                TOKEN,
                "hub.allow-targets",
                "127.0.0.1",
                "hub.outbox.poll-interval",
                "PT0.2S",
                // The demo prints its own account; a console on a fixed port could only collide.
                "hub.hawtio.enabled",
                "false"));
    try (DemoReceiver receiver = new DemoReceiver();
        Hub hub = new Hub(settings).start()) {
      data.writtenBy(hub);
      String api = "http://127.0.0.1:" + httpPort;
      out.println();
      out.println("Webhook Hub demo");
      out.println("  hub " + api + ", data in " + dir + "; receiver " + receiver.url("/"));
      Map<String, String> ids = new java.util.LinkedHashMap<>();
      for (Sub sub : SUBSCRIPTIONS) {
        JsonNode created = create(api, receiver, sub);
        receiver.expect(
            sub.path(),
            sub.profile().equals("fineguide")
                ? "demo-header-secret"
                : created.path("secret").asText());
        ids.put(sub.path(), created.path("id").asText());
      }
      out.println("  " + SUBSCRIPTIONS.size() + " subscriptions, one per profile, one failing");

      jms(settings.brokerPort(), HubQueues.ingest("ufp"), sample("ufp"));
      outbox(
          hub.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class),
          "fitprotracker",
          sample("fitprotracker"));
      post(api + "/ingest/fitmetrics", sample("fitmetrics"), "org-demo");
      post(api + "/ingest/fineguide", sample("fineguide"), null);
      out.println(
          "Sent: UFP over JMS, FitProTracker as an outbox row, FitMetrics and FineGuide over HTTP");

      out.println("Delivered:");
      boolean allVerified = true;
      for (Sub sub : SUBSCRIPTIONS.subList(0, 5)) {
        DemoReceiver.Check check = receiver.next(sub.path(), 30);
        allVerified &= check.verified();
        out.printf(
            "  %s %-18s %-16s %s%n",
            check.verified() ? "ok" : "!!", sub.profile(), eventType(check.body()), check.how());
      }

      out.println("Failing receiver (always 500, retries after 1 s and 2 s):");
      Instant first = null;
      for (int attempt = 1; attempt <= 3; attempt++) {
        DemoReceiver.Check check = receiver.next("/failing", 30);
        first = first == null ? check.at() : first;
        out.printf(
            "  attempt %d at +%.1f s, answered 500%n",
            attempt, Duration.between(first, check.at()).toMillis() / 1000.0);
      }
      JsonNode failing = awaitDisabled(api, ids.get("/failing"));
      out.println(
          "  -> dead-lettered to hub.dead; subscription disabled: "
              + failing.path("disabledReason").asText());
      out.println(allVerified ? "All signatures verified." : "Some signatures did NOT verify.");
      return allVerified ? 0 : 1;
    }
  }

  private static JsonNode create(String api, DemoReceiver receiver, Sub sub) throws Exception {
    String headers =
        sub.profile().equals("fineguide")
            ? ", \"headers\": {\"X-Webhook-Secret\": \"demo-header-secret\"}"
            : "";
    String body =
        "{\"organizationId\": \""
            + sub.organizationId()
            + "\", \"eventTypes\": [\"*\"], \"url\": \""
            + receiver.url(sub.path())
            + "\", \"profile\": \""
            + sub.profile()
            + "\""
            + headers
            + sub.extra()
            + "}";
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api + "/api/subscriptions"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("creating a subscription failed: " + created.body());
    }
    return JSON.readTree(created.body());
  }

  private static JsonNode awaitDisabled(String api, String id) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      JsonNode sub =
          JSON.readTree(
              HTTP.send(
                      HttpRequest.newBuilder(URI.create(api + "/api/subscriptions/" + id))
                          .header("Authorization", "Bearer " + TOKEN)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      if (!sub.path("enabled").asBoolean(true)) {
        return sub;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the failing subscription was not disabled within 30 s");
  }

  private static void jms(int port, String queue, String body) throws Exception {
    try (var context = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port).createContext()) {
      context.createProducer().send(context.createQueue(queue), body);
    }
  }

  private static void outbox(DataSource db, String source, String payload) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO hub_outbox (source, payload) VALUES (?, ?)")) {
      insert.setString(1, source);
      insert.setString(2, payload);
      insert.executeUpdate();
    }
  }

  private static void post(String url, String body, String organizationId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (organizationId != null) {
      request.header("Hub-Organization-Id", organizationId);
    }
    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sample(String name) throws IOException {
    try (InputStream in = Demo.class.getResourceAsStream("/demo/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String eventType(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      for (String field : List.of("eventType", "webhook_event_type", "event", "type")) {
        if (json.hasNonNull(field)) {
          return json.get(field).asText();
        }
      }
    } catch (IOException e) {
      return "?";
    }
    return "?";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
