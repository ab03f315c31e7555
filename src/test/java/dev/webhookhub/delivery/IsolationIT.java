package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.HubOutputOnFailure;
import dev.webhookhub.testing.HubProcess;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import dev.webhookhub.testing.TestReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints that hang until the timeout, or fail, cost only their own subscriptions: healthy ones
 * keep getting their deliveries promptly, among many subscriptions and right after a restart.
 */
class IsolationIT {

  @RegisterExtension final HubOutputOnFailure output = new HubOutputOnFailure();

  private static final int HEALTHY = 10;
  private static final int EVENTS = 20;
  private static final Duration HANG = Duration.ofSeconds(30);

  @Test
  void aHangingEndpointDoesNotHoldBackHealthyOnes(@TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver().answerAfter("/hang", HANG);
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .with("hub.delivery.breaker.failures", "2")
                .with("hub.delivery.breaker.open-for", "PT60S")
                .start()) {
      AdminClient admin = new AdminClient(hub);
      String hanging =
          admin
              .create(
                  subscription(
                      1,
                      receiver.url("/hang"),
                      "{\"delays\": [\"PT0.1S\", \"PT0.1S\", \"PT0.1S\"], \"timeoutSeconds\": 2}"))
              .path("id")
              .asText();
      for (int h = 0; h < HEALTHY; h++) {
        admin.create(subscription(1, receiver.url("/ok" + h), null));
      }

      Senders send = new Senders(hub);
      Map<String, Instant> accepted = new HashMap<>();
      for (int i = 0; i < EVENTS; i++) {
        accepted.put(NumberedEvents.send(send, i, 1), Instant.now());
      }

      Latencies latencies = new Latencies();
      for (int h = 0; h < HEALTHY; h++) {
        for (int i = 0; i < EVENTS; i++) {
          Received r = receiver.next("/ok" + h, 30);
          latencies.add(Duration.between(accepted.get(NumberedEvents.eventId(r)), r.at()));
        }
      }
      System.out.println("Isolation: " + latencies);
      // The hanging endpoint costs 2 s per attempt; healthy deliveries never wait that long.
      assertThat(latencies.percentile(1.0)).isLessThan(Duration.ofSeconds(2));

      // After two timeouts the circuit is open: the hub no longer calls the hanging endpoint.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(lastErrors(admin, hanging))
                      .anyMatch(e -> e != null && e.startsWith("circuit open")));
    }
  }

  /** Organizations of the 200 subscriptions, ten each. */
  private static final int ORGANIZATIONS = 20;

  /** Of each organization's ten subscriptions, two go bad in phase B: one hangs, one fails. */
  private static final int HEALTHY_PER_ORGANIZATION = 8;

  /**
   * 200 subscriptions in 20 organizations, every event fanned out to ten of them. Phase A, all
   * healthy, measures the healthy latency (send to arrival). In phase B, 20 % go bad: one in each
   * organization hangs past its 2 s timeout, one answers 500. The 160 healthy subscriptions'
   * latency may grow by noise, not by what the bad ones cost: p95 at most 3 × phase A's plus 50 ms.
   * The factor is looser than the benchmark's 2 × at p99 because this test shares two cores with
   * the build; a healthy delivery waiting behind one hanging attempt costs 2 s, which it never
   * meets. The breaker is off, so the bad endpoints keep failing throughout: isolation must not
   * depend on it. The bad ones live on a receiver of their own, as another partner's host would.
   */
  @Test
  void aFifthOfTwoHundredSubscriptionsFailingDoesNotSlowTheOthers(@TempDir Path dir)
      throws Exception {
    try (TestReceiver healthy = new TestReceiver();
        TestReceiver troubled = new TestReceiver();
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .with("hub.delivery.breaker.failures", "1000")
                .start()) {
      AdminClient admin = new AdminClient(hub);
      String policy =
          "{\"delays\": [\"PT1S\", \"PT1S\", \"PT1S\", \"PT1S\", \"PT1S\"], \"timeoutSeconds\": 2,"
              + " \"disableOnExhaustion\": false}";
      List<String> hangingIds = new ArrayList<>();
      for (int org = 1; org <= ORGANIZATIONS; org++) {
        for (int k = 0; k < HEALTHY_PER_ORGANIZATION; k++) {
          admin.create(subscription(org, healthy.url(path(org, k)), policy));
        }
        hangingIds.add(
            admin
                .create(subscription(org, troubled.url(path(org, "hang")), policy))
                .path("id")
                .asText());
        admin.create(subscription(org, troubled.url(path(org, "fail")), policy));
      }

      SteadyStream stream = new SteadyStream(new Senders(hub), healthy);
      // JIT warm-up and first connections: not measured.
      stream.run(2 * ORGANIZATIONS, 10);
      Latencies before = stream.run(3 * ORGANIZATIONS, 5);
      System.out.println("Isolation, all 200 healthy: " + before);

      for (int org = 1; org <= ORGANIZATIONS; org++) {
        troubled.answerAfter(path(org, "hang"), HANG);
        troubled.answer(path(org, "fail"), 500);
      }
      Latencies during = stream.run(3 * ORGANIZATIONS, 5);
      System.out.println("Isolation, 40 of 200 hanging or failing: " + during);
      System.out.printf(
          "Isolation ratio: p95 %.2f, p99 %.2f%n",
          ratio(during.percentile(0.95), before.percentile(0.95)),
          ratio(during.percentile(0.99), before.percentile(0.99)));

      // Phase B was what it claims: the bad endpoints were called and failed.
      assertThat(
              List.of(path(1, "fail"), path(ORGANIZATIONS, "fail")).stream()
                  .flatMap(p -> troubled.drain(p).stream())
                  .filter(r -> r.status() == 500))
          .as("500s answered in phase B")
          .isNotEmpty();
      await("every hanging subscription timed out at least once")
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                for (String id : hangingIds) {
                  assertThat(lastErrors(admin, id))
                      .as("last errors of hanging subscription " + id)
                      .anyMatch(e -> e != null && e.contains("timeout"));
                }
              });

      assertThat(during.percentile(0.95))
          .as("healthy p95 with 20 %% bad (%s) against all healthy (%s)", during, before)
          .isLessThanOrEqualTo(before.percentile(0.95).multipliedBy(3).plusMillis(50));
    }
  }

  /** Hanging subscription's attempt timeout: the seeds' default. */
  private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(30);

  private static final int BACKLOG_EVENTS = 300;

  /**
   * Two subscriptions, one hanging past a 30 s timeout, the other healthy; the hub is killed while
   * both have a backlog. After the restart the healthy one's remaining deliveries all arrive within
   * half of one hanging timeout of ready: they wait for nothing the hanging one does. The breaker
   * is as by default (5 failures), so it cannot open within that bound. (The engine this replaces
   * held them 145–150 s, until the breaker opened.)
   */
  @Test
  void healthyDeliveriesGoOnRightAfterARestartWithABacklog(@TempDir Path dir) throws Exception {
    Map<String, String> env =
        Map.of(
            "HUB_ADMIN_TOKEN", TestHub.ADMIN_TOKEN,
            "HUB_ALLOW_TARGETS", "127.0.0.1",
            "HUB_HAWTIO_ENABLED", "false");
    // The healthy receiver takes 10 ms an answer, so its 400 ordered deliveries take at least 4 s
    // and the kill finds most of them still waiting.
    try (TestReceiver healthy = new TestReceiver().answerAfter("/healthy", Duration.ofMillis(10));
        TestReceiver hanging =
            new TestReceiver().answerAfter("/hang", RESTART_TIMEOUT.multipliedBy(4));
        HubProcess hubs = output.watch(new HubProcess(dir))) {
      Process first = hubs.start(env);
      hubs.awaitReady(first);
      AdminClient admin = new AdminClient(hubs);
      admin.create(
          subscription(
              1,
              hanging.url("/hang"),
              "{\"timeoutSeconds\": " + RESTART_TIMEOUT.toSeconds() + "}"));
      // A long timeout: the held request waits as long as sending takes.
      admin.create(subscription(1, healthy.url("/healthy"), "{\"timeoutSeconds\": 120}"));
      Senders send = new Senders(hubs);
      healthy.hold("/healthy");
      for (int i = 0; i < BACKLOG_EVENTS; i++) {
        NumberedEvents.send(send, i, 1);
      }
      healthy.release("/healthy");

      Map<Integer, Instant> arrived = new TreeMap<>();
      await("some healthy deliveries before the kill")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> firstArrivals(healthy.drain("/healthy"), arrived) >= 30);
      assertThat(arrived).as("killed part-way").hasSizeLessThan(BACKLOG_EVENTS);
      int beforeKill = arrived.size();
      first.destroyForcibly().waitFor();
      Instant killed = Instant.now();

      Instant ready = hubs.awaitReady(hubs.start(env));
      Duration bound = RESTART_TIMEOUT.dividedBy(2);
      await("the healthy subscription's remaining deliveries")
          .atMost(bound)
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () -> {
                firstArrivals(healthy.drain("/healthy"), arrived);
                assertThat(arrived)
                    .as(
                        "%d of %d remaining arrived within %s of ready",
                        arrived.size() - beforeKill, BACKLOG_EVENTS - beforeKill, bound)
                    .hasSize(BACKLOG_EVENTS);
              });
      // Negative if the hub sent before its readiness check said ready.
      long resumed =
          Duration.between(
                  ready,
                  arrived.values().stream().filter(killed::isBefore).min(Instant::compareTo).get())
              .toMillis();
      long last =
          Duration.between(ready, arrived.values().stream().max(Instant::compareTo).get())
              .toMillis();
      System.out.printf(
          "Restart with backlog: %d of %d healthy deliveries left at the kill; after ready the"
              + " first of them arrived in %d ms, the last in %d ms%n",
          BACKLOG_EVENTS - beforeKill, BACKLOG_EVENTS, resumed, last);
    }
  }

  /**
   * Records the first arrival of each event number.
   *
   * @return how many distinct events arrived so far
   */
  private static int firstArrivals(List<Received> requests, Map<Integer, Instant> arrived) {
    requests.forEach(r -> arrived.putIfAbsent(NumberedEvents.number(r), r.at()));
    return arrived.size();
  }

  /**
   * Sends events at a steady rate, round-robin over the organizations, and measures how long each
   * took to reach the healthy subscriptions' receiver.
   */
  private static final class SteadyStream {
    private final Senders send;
    private final TestReceiver healthy;
    private int next;

    SteadyStream(Senders send, TestReceiver healthy) {
      this.send = send;
      this.healthy = healthy;
    }

    /** Sends {@code events} (a multiple of the organizations) and waits for their arrival. */
    Latencies run(int events, int perSecond) throws Exception {
      Map<Integer, Instant> sentAt = new ConcurrentHashMap<>();
      int from = next;
      next += events;
      ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
      List<ScheduledFuture<?>> sends = new ArrayList<>();
      try {
        for (int i = 0; i < events; i++) {
          int number = from + i;
          sends.add(
              senders.schedule(
                  () -> {
                    sentAt.put(number, Instant.now());
                    return NumberedEvents.send(send, number, organizationOf(number));
                  },
                  i * 1000L / perSecond,
                  TimeUnit.MILLISECONDS));
        }
        Latencies latencies = new Latencies();
        for (int org = 1; org <= ORGANIZATIONS; org++) {
          for (int k = 0; k < HEALTHY_PER_ORGANIZATION; k++) {
            for (int e = 0; e < events / ORGANIZATIONS; e++) {
              Received r = healthy.next(path(org, k), 60);
              latencies.add(Duration.between(sentAt.get(NumberedEvents.number(r)), r.at()));
            }
          }
        }
        for (ScheduledFuture<?> sent : sends) {
          sent.get(); // a refused send fails the test here
        }
        System.out.printf(
            "Isolation: %d events at %d/s, all arrived %d ms after the first was sent%n",
            events, perSecond, Duration.between(sentAt.get(from), Instant.now()).toMillis());
        return latencies;
      } finally {
        senders.shutdownNow();
      }
    }

    private static int organizationOf(int number) {
      return number % ORGANIZATIONS + 1;
    }
  }

  private static String path(int organization, Object subscription) {
    return "/o" + organization + "/" + subscription;
  }

  private static double ratio(Duration during, Duration before) {
    return (double) during.toNanos() / Math.max(1, before.toNanos());
  }

  private static String subscription(int organization, String url, String retryPolicy) {
    return "{\"organizationId\": \""
        + organization
        + "\", \"eventTypes\": [\"*\"], \"url\": \""
        + url
        + "\""
        + (retryPolicy == null ? "" : ", \"retryPolicy\": " + retryPolicy)
        + "}";
  }

  private static List<String> lastErrors(AdminClient admin, String subscriptionId)
      throws Exception {
    return admin
        .expect(200, "GET", "/api/deliveries?subscriptionId=" + subscriptionId, null)
        .path("data")
        .findValuesAsText("lastError");
  }
}
