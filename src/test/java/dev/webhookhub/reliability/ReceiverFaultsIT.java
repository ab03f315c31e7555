package dev.webhookhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Receivers that misbehave (issue 12, part 3), each at the socket ({@link FaultyReceiver}), all
 * subscribed to one event: every delivery must end in its documented outcome (README "Target
 * safety", docs/decisions.md "Delivery: sending, retries", docs/connectors.md's outcome table) with
 * the right error kind on each attempt, and the hub must not trust, follow or read what it must
 * not.
 */
class ReceiverFaultsIT {

  /** Each fault: its receiver, the subscription's URL and retry policy, and what must happen. */
  private record Fault(
      String name, String url, String retryPolicy, Function<Outcome, String> check) {}

  /** A delivery's end as the operator API shows it, and the subscription's state. */
  private record Outcome(JsonNode delivery, JsonNode subscription) {
    List<String> kinds() {
      List<String> kinds = new ArrayList<>();
      delivery.path("attempts").forEach(a -> kinds.add(a.path("errorKind").asText("none")));
      return kinds;
    }

    List<Integer> statuses() {
      List<Integer> statuses = new ArrayList<>();
      delivery.path("attempts").forEach(a -> statuses.add(a.path("statusCode").asInt(0)));
      return statuses;
    }

    String status() {
      return delivery.path("status").asText();
    }

    boolean disabled() {
      return !subscription.path("enabled").asBoolean(true);
    }
  }

  private static final String TWO_ATTEMPTS = "{\"delays\": [\"PT0.5S\"], \"timeoutSeconds\": 1}";

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void everyFaultEndsInItsDocumentedOutcome(TestDatabase database, @TempDir Path dir)
      throws Exception {
    String unresolvable = "receiver-nowhere.invalid";
    try (FaultyReceiver slow = FaultyReceiver.on("127.0.0.1", FaultyReceiver.silent());
        FaultyReceiver reset = FaultyReceiver.on("127.0.0.1", FaultyReceiver.resetMidBody());
        FaultyReceiver selfSigned = FaultyReceiver.selfSigned(dir, FaultyReceiver.status(200));
        FaultyReceiver endless = FaultyReceiver.on("127.0.0.1", FaultyReceiver.endlessBody());
        // 127.0.0.2 is loopback like 127.0.0.1 but not on the test hub's allow-list: a private
        // address the hub must not reach, here with a listener that would see it if it did.
        FaultyReceiver privateHost = FaultyReceiver.on("127.0.0.2", FaultyReceiver.status(200));
        FaultyReceiver redirect =
            FaultyReceiver.on(
                "127.0.0.1",
                FaultyReceiver.status(
                    302, "Location: " + privateHost.url("http", "127.0.0.2", "/private")));
        FaultyReceiver gone = FaultyReceiver.on("127.0.0.1", FaultyReceiver.status(410));
        FaultyReceiver busy =
            FaultyReceiver.on(
                "127.0.0.1",
                (connection, n) -> {
                  if (n == 1) {
                    FaultyReceiver.respond(connection, 429, "Retry-After: 2");
                  } else {
                    FaultyReceiver.respond(connection, 200);
                  }
                });
        TestHub hub =
            new TestHub(dir.resolve("hub"), database)
                .with("hub.allow-targets", "127.0.0.1,localhost," + unresolvable)
                .start()) {
      List<Fault> faults =
          List.of(
              new Fault(
                  "slow answer (beyond the 1 s timeout)",
                  slow.url("http", "127.0.0.1", "/slow"),
                  TWO_ATTEMPTS,
                  o ->
                      expect(o, "dead", List.of("timeout", "timeout"), true)
                          + within(o, Duration.ofSeconds(5))),
              new Fault(
                  "connection reset mid-body",
                  reset.url("http", "127.0.0.1", "/reset"),
                  TWO_ATTEMPTS,
                  o -> expect(o, "dead", List.of("error", "error"), true)),
              new Fault(
                  "TLS handshake failure (self-signed certificate)",
                  selfSigned.url("https", "localhost", "/tls"),
                  TWO_ATTEMPTS,
                  o ->
                      expect(o, "dead", List.of("tls", "tls"), true)
                          + (selfSigned.requests().isEmpty()
                              ? ""
                              : " the request reached the untrusted receiver;")),
              new Fault(
                  "endless response body",
                  endless.url("http", "127.0.0.1", "/endless"),
                  TWO_ATTEMPTS,
                  o ->
                      expect(o, "delivered", List.of("none"), false)
                          + (o.delivery()
                                      .path("attempts")
                                      .path(0)
                                      .path("responseBody")
                                      .asText()
                                      .length()
                                  <= 4096
                              ? ""
                              : " more than 4096 characters of the body kept;")),
              new Fault(
                  "302 redirect to a private address",
                  redirect.url("http", "127.0.0.1", "/redirect"),
                  TWO_ATTEMPTS,
                  o ->
                      expect(o, "dead", List.of("non_2xx", "non_2xx"), true)
                          + (o.statuses().equals(List.of(302, 302))
                              ? ""
                              : " statuses " + o.statuses())
                          + (privateHost.requests().isEmpty()
                              ? ""
                              : " the redirect was followed to 127.0.0.2;")),
              new Fault(
                  "410 Gone",
                  gone.url("http", "127.0.0.1", "/gone"),
                  "{\"delays\": [\"PT0.2S\", \"PT0.2S\"], \"timeoutSeconds\": 1}",
                  o ->
                      expect(o, "dead", List.of("non_2xx"), true)
                          + (o.subscription().path("disabledReason").asText().contains("410")
                              ? ""
                              : " disabled without naming the 410;")),
              new Fault(
                  "429 with Retry-After: 2",
                  busy.url("http", "127.0.0.1", "/busy"),
                  "{\"delays\": [\"PT0.2S\", \"PT0.2S\"], \"timeoutSeconds\": 1}",
                  o ->
                      expect(o, "delivered", List.of("non_2xx", "none"), false)
                          + (o.statuses().equals(List.of(429, 200))
                              ? ""
                              : " statuses " + o.statuses())
                          + retriedAfter(o, Duration.ofSeconds(2))),
              new Fault(
                  "DNS failure (unresolvable host)",
                  "http://" + unresolvable + ":80/dns",
                  TWO_ATTEMPTS,
                  o -> expect(o, "dead", List.of("dns", "dns"), true)));

      AdminClient admin = new AdminClient(hub);
      Map<Fault, String> subscriptions = new LinkedHashMap<>();
      for (Fault fault : faults) {
        subscriptions.put(
            fault,
            admin
                .create(
                    "{\"organizationId\": \"faults\", \"eventTypes\": [\"*\"], \"url\": \""
                        + fault.url()
                        + "\", \"retryPolicy\": "
                        + fault.retryPolicy()
                        + "}")
                .path("id")
                .asText());
      }
      new Senders(hub)
          .httpJson(
              "ufp",
              SeedSamples.read("ufp/new_lead_created.json")
                  .replace("\"company_id\": 1", "\"company_id\": \"faults\""));

      // Every delivery ends: delivered, or dead after its attempts (no later attempt pending).
      Map<Fault, Outcome> outcomes = new LinkedHashMap<>();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                for (Map.Entry<Fault, String> s : subscriptions.entrySet()) {
                  JsonNode list =
                      admin.expect(
                          200, "GET", "/api/deliveries?subscriptionId=" + s.getValue(), null);
                  JsonNode first = list.path("data").path(0);
                  if (Set.of("delivered", "dead").contains(first.path("status").asText())) {
                    outcomes.put(
                        s.getKey(),
                        new Outcome(
                            admin.expect(
                                200, "GET", "/api/deliveries/" + first.path("id").asText(), null),
                            admin.expect(200, "GET", "/api/subscriptions/" + s.getValue(), null)));
                  }
                }
                return outcomes.size() == faults.size();
              });
      // The endless body: the hub stopped reading and hung up; the receiver's writes then fail.
      await().atMost(Duration.ofSeconds(30)).until(() -> !endless.connectionFailures().isEmpty());

      List<String> failures = new ArrayList<>();
      for (Fault fault : faults) {
        Outcome outcome = outcomes.get(fault);
        String problem = fault.check().apply(outcome).trim();
        new ReliabilityRow(
                ReliabilityRow.partName("receiver faults"),
                fault.name(),
                "1 event",
                problem.isEmpty() ? "1" : "0",
                ReliabilityRow.NA,
                "0",
                ReliabilityRow.NA,
                problem.isEmpty(),
                database
                    + "; "
                    + outcome.status()
                    + (outcome.disabled() ? ", subscription disabled" : "")
                    + "; attempts "
                    + outcome.kinds()
                    + " "
                    + outcome.statuses()
                    + (problem.isEmpty() ? "" : "; " + problem))
            .appendTo("receiver-faults");
        if (!problem.isEmpty()) {
          failures.add(fault.name() + ": " + problem + " — " + outcome.delivery());
        }
      }
      assertThat(failures).isEmpty();
    }
  }

  /**
   * @return "" when the delivery ended as {@code status} with attempts of these error kinds ("none"
   *     for a successful attempt) and the subscription disabled or not as expected
   */
  private static String expect(
      Outcome outcome, String status, List<String> kinds, boolean disabled) {
    String problems = "";
    if (!outcome.status().equals(status)) {
      problems += " ended " + outcome.status() + ", not " + status + ";";
    }
    if (!outcome.kinds().equals(kinds)) {
      problems += " error kinds " + outcome.kinds() + ", not " + kinds + ";";
    }
    if (outcome.disabled() != disabled) {
      problems += disabled ? " subscription still enabled;" : " subscription disabled;";
    }
    return problems;
  }

  /** Every attempt was cut short near the timeout, not left to hang. */
  private static String within(Outcome outcome, Duration limit) {
    for (JsonNode attempt : outcome.delivery().path("attempts")) {
      if (attempt.path("durationMs").asLong() > limit.toMillis()) {
        return " an attempt took " + attempt.path("durationMs").asLong() + " ms;";
      }
    }
    return "";
  }

  /** The second attempt waited the receiver's Retry-After, not the policy's shorter delay. */
  private static String retriedAfter(Outcome outcome, Duration retryAfter) {
    JsonNode attempts = outcome.delivery().path("attempts");
    Duration gap =
        Duration.between(
            Instant.parse(attempts.path(0).path("startedAt").asText()),
            Instant.parse(attempts.path(1).path("startedAt").asText()));
    return gap.compareTo(retryAfter.minusMillis(100)) >= 0
        ? ""
        : " retried after " + gap.toMillis() + " ms, before Retry-After;";
  }
}
