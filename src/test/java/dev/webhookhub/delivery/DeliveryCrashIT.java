package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.testing.HubProcess;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.TestReceiver;
import dev.webhookhub.testing.TestReceiver.Received;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a hub JVM while hundreds of deliveries and scheduled retries are in flight: after a
 * restart every event reaches both receivers, and a repeated delivery is the same delivery.
 */
class DeliveryCrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "crash-test-admin-token-0123456789";
  private static final int EVENTS = 300;

  @TempDir Path workDir;

  private HubProcess hubs;

  @RegisterExtension
  final AfterTestExecutionCallback printOutputOnFailure =
      context -> {
        if (context.getExecutionException().isPresent() && hubs != null) {
          System.err.println("==== output of the hub process(es) ====\n" + hubs.output());
        }
      };

  @Test
  void nothingIsLostWhenTheHubIsKilledMidDelivery() throws Exception {
    Integer[] flaky = new Integer[101];
    java.util.Arrays.fill(flaky, 500);
    flaky[100] = 200;
    Map<String, String> env =
        Map.of(
            "HUB_ADMIN_TOKEN",
            TOKEN,
            "HUB_ALLOW_TARGETS",
            "127.0.0.1",
            "HUB_DELIVERY_CONSUMERS",
            "4",
            // The circuit breaker would space the flaky receiver's 100 failures 30 s apart; this
            // test is about durability, so the circuit stays closed.
            "HUB_DELIVERY_BREAKER_FAILURES",
            "1000");
    // The steady receiver takes 50 ms an answer, so the kill lands while its 300 ordered
    // deliveries are still flowing rather than after the last.
    try (TestReceiver receiver =
            new TestReceiver()
                .answer("/flaky", flaky)
                .answerAfter("/steady", Duration.ofMillis(50));
        HubProcess processes = new HubProcess(workDir)) {
      hubs = processes;
      Process first = processes.start(env);
      awaitUp(first);
      subscribe(receiver.url("/steady"), "");
      subscribe(
          receiver.url("/flaky"),
          ", \"retryPolicy\": {\"delays\": [\"PT1S\", \"PT2S\", \"PT3S\", \"PT5S\", \"PT8S\"]}");

      String template = SeedSamples.read("ufp/new_lead_created.json");
      Set<String> sent = new HashSet<>();
      for (int i = 0; i < EVENTS; i++) {
        HttpResponse<String> accepted =
            post("/ingest/ufp", template.replace("\"Campaign\"", "\"client-" + i + "\""));
        assertThat(accepted.statusCode()).isEqualTo(202);
        sent.add(JSON.readTree(accepted.body()).path("eventId").asText());
      }

      Map<String, Received> steady = new HashMap<>();
      Map<String, Received> flakyOk = new HashMap<>();
      Map<String, String> deliveryIds = new HashMap<>();
      // Kill while deliveries are flowing and retries are waiting on the broker.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> drain(receiver, "/steady", steady, deliveryIds) >= 50);
      assertThat(steady.size()).as("killed part-way").isLessThan(EVENTS);
      first.destroyForcibly().waitFor();

      awaitUp(processes.start(env));
      await()
          .atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                drain(receiver, "/steady", steady, deliveryIds);
                drain(receiver, "/flaky", flakyOk, deliveryIds);
                return steady.keySet().containsAll(sent) && flakyOk.keySet().containsAll(sent);
              });
      assertThat(steady.keySet()).isEqualTo(sent);
      assertThat(flakyOk.keySet()).isEqualTo(sent);
    }
  }

  /**
   * Takes what arrived on {@code path}: the 2xx-answered requests by event id. A request repeated
   * after the crash must carry the delivery id it had before.
   *
   * @return how many distinct events got a 2xx so far
   */
  private static int drain(
      TestReceiver receiver, String path, Map<String, Received> ok, Map<String, String> deliveryIds)
      throws Exception {
    for (Received r : receiver.drain(path)) {
      String eventId = JSON.readTree(r.body()).path("eventId").asText();
      String deliveryId = r.header("X-Hub-Delivery");
      String key = path + "|" + eventId;
      String earlier = deliveryIds.putIfAbsent(key, deliveryId);
      assertThat(earlier == null || earlier.equals(deliveryId))
          .as("a repeated delivery keeps its id")
          .isTrue();
      if (r.status() / 100 == 2) {
        ok.putIfAbsent(eventId, r);
      }
    }
    return ok.size();
  }

  private void subscribe(String url, String extra) throws Exception {
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(hubs.httpUrl("/api/subscriptions")))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
                            + url
                            + "\""
                            + extra
                            + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(hubs.httpUrl(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitUp(Process hub) {
    await("the hub answers")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .failFast("the hub process exited", () -> !hub.isAlive())
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () ->
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(hubs.httpUrl("/api/subscriptions")))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode(),
            status -> status == 200);
  }
}
