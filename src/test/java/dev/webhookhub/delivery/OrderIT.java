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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** While nothing fails, each subscription receives its events in the order they were sent. */
class OrderIT {

  private static final int EVENTS = 1_000;

  @RegisterExtension final HubOutputOnFailure output = new HubOutputOnFailure();

  @Test
  void aThousandEventsArriveInOrder(@TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub = new TestHub(dir, new TestDatabase.H2()).start()) {
      new AdminClient(hub)
          .create(
              "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
                  + receiver.url("/ordered")
                  + "\"}");
      Senders send = new Senders(hub);
      for (int i = 0; i < EVENTS; i++) {
        NumberedEvents.send(send, i, 1);
      }
      List<Integer> received = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        received.add(NumberedEvents.number(receiver.next("/ordered", 60)));
      }
      assertThat(received).containsExactlyElementsOf(IntStream.range(0, EVENTS).boxed().toList());
    }
  }

  private static final int ORGANIZATIONS = 5;
  private static final int SUBSCRIPTIONS_PER_ORGANIZATION = 6;

  /** Events per stage, spread round-robin over the organizations. */
  private static final int STAGE = 100;

  /**
   * 30 subscriptions in 5 organizations and a stream of events over HTTP in three stages: a
   * graceful restart (SIGTERM) while the first stage is being delivered, a {@code kill -9} while
   * the second is. Per subscription, the first arrivals of its events follow the order they were
   * sent, and every event arrives. A repeat after the kill is what at-least-once allows: counted
   * and printed, not failed.
   */
  @Test
  void eachSubscriptionKeepsItsOrderAcrossRestarts(@TempDir Path dir) throws Exception {
    Map<String, String> env =
        Map.of(
            "HUB_ADMIN_TOKEN", TestHub.ADMIN_TOKEN,
            "HUB_ALLOW_TARGETS", "127.0.0.1",
            "HUB_HAWTIO_ENABLED", "false");
    // Before each restart the receiver holds its answers while the test sends a stage, then takes
    // 20 ms an answer: each subscription needs at least 0.4 s for its 20 events of the stage, so
    // the restart lands while deliveries are flowing, however fast the hub.
    TestReceiver receiver = new TestReceiver();
    List<String> paths = new ArrayList<>();
    for (int org = 1; org <= ORGANIZATIONS; org++) {
      for (int k = 0; k < SUBSCRIPTIONS_PER_ORGANIZATION; k++) {
        String path = "/o" + org + "/" + k;
        receiver.answerAfter(path, Duration.ofMillis(20));
        paths.add(path);
      }
    }
    try (receiver;
        HubProcess hubs = output.watch(new HubProcess(dir))) {
      Process hub = hubs.start(env);
      hubs.awaitReady(hub);
      AdminClient admin = new AdminClient(hubs);
      for (String path : paths) {
        admin.create(
            "{\"organizationId\": \""
                + organizationOf(path)
                + "\", \"eventTypes\": [\"*\"], \"url\": \""
                + receiver.url(path)
                // A long timeout: a held request waits as long as sending a stage takes.
                + "\", \"retryPolicy\": {\"timeoutSeconds\": 120}}");
      }
      Senders send = new Senders(hubs);
      Arrivals arrivals = new Arrivals(receiver, paths);

      sendStageHeld(send, 0, receiver, paths);
      arrivals.awaitPartOf(0);
      hubs.stop(hub);
      hub = hubs.start(env);
      hubs.awaitReady(hub);

      sendStageHeld(send, 1, receiver, paths);
      arrivals.awaitPartOf(1);
      hub.destroyForcibly().waitFor();
      hub = hubs.start(env);
      hubs.awaitReady(hub);

      sendStage(send, 2);
      await("every event at every subscription")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () ->
                  assertThat(arrivals.take())
                      .as(
                          "deliveries arrived, of stages 0, 1 and 2: %d, %d and %d of %d each",
                          arrivals.ofStage(0),
                          arrivals.ofStage(1),
                          arrivals.ofStage(2),
                          STAGE * SUBSCRIPTIONS_PER_ORGANIZATION)
                      .isEqualTo(3 * STAGE * SUBSCRIPTIONS_PER_ORGANIZATION));

      System.out.printf(
          "Order across restarts: %d deliveries, %d repeated%n",
          arrivals.firstCount(), arrivals.repeats.size());
      arrivals.repeats.forEach((path, numbers) -> System.out.println("  " + path + ": " + numbers));
      for (String path : paths) {
        int org = organizationOf(path);
        assertThat(List.copyOf(arrivals.first.get(path)))
            .as("first arrivals at %s, in order", path)
            .containsExactlyElementsOf(
                IntStream.range(0, 3 * STAGE)
                    .filter(n -> organizationOfEvent(n) == org)
                    .boxed()
                    .toList());
      }
    }
  }

  private static void sendStage(Senders send, int stage) throws Exception {
    for (int n = stage * STAGE; n < (stage + 1) * STAGE; n++) {
      NumberedEvents.send(send, n, organizationOfEvent(n));
    }
  }

  /** Sends a stage while the receiver holds its answers, so that all of it is still to deliver. */
  private static void sendStageHeld(
      Senders send, int stage, TestReceiver receiver, List<String> paths) throws Exception {
    paths.forEach(receiver::hold);
    sendStage(send, stage);
    paths.forEach(receiver::release);
  }

  private static int organizationOfEvent(int number) {
    return number % ORGANIZATIONS + 1;
  }

  private static int organizationOf(String path) {
    return Integer.parseInt(path.split("/")[1].substring(1));
  }

  /** Per receiver path, the event numbers in the order they first arrived, and the repeats. */
  private static final class Arrivals {
    private final TestReceiver receiver;
    final Map<String, Set<Integer>> first = new LinkedHashMap<>();
    final Map<String, List<Integer>> repeats = new LinkedHashMap<>();

    Arrivals(TestReceiver receiver, List<String> paths) {
      this.receiver = receiver;
      paths.forEach(p -> first.put(p, new LinkedHashSet<>()));
    }

    /** Takes what arrived; returns how many deliveries arrived at least once. */
    int take() {
      first.forEach(
          (path, numbers) -> {
            for (Received r : receiver.drain(path)) {
              int n = NumberedEvents.number(r);
              if (!numbers.add(n)) {
                repeats.computeIfAbsent(path, p -> new ArrayList<>()).add(n);
              }
            }
          });
      return firstCount();
    }

    int firstCount() {
      return first.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Waits until a tenth of {@code stage}'s deliveries arrived, and checks that not all did: the
     * restart that follows must land mid-stream.
     */
    void awaitPartOf(int stage) {
      int all = STAGE * SUBSCRIPTIONS_PER_ORGANIZATION;
      await("a tenth of stage " + stage + " delivered")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                take();
                return ofStage(stage) >= all / 10;
              });
      assertThat(ofStage(stage)).as("stage %d delivered part-way", stage).isLessThan(all);
    }

    long ofStage(int stage) {
      return first.values().stream().flatMap(Set::stream).filter(n -> n / STAGE == stage).count();
    }
  }
}
