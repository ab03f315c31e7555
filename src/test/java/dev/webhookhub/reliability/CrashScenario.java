package dev.webhookhub.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.cluster.ArrivalRecorder;
import dev.webhookhub.cluster.ClusterCheck;
import dev.webhookhub.cluster.ClusterCheck.Subscription;
import dev.webhookhub.cluster.LoadEvent;
import dev.webhookhub.cluster.LoadEvent.Way;
import dev.webhookhub.cluster.LoadSenders;
import dev.webhookhub.cluster.LoadTarget;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.HubProcess;
import dev.webhookhub.testing.StandaloneBroker;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash scenario of the reliability suite: hub processes (the packaged jar) on one broker and
 * one database take a stream of events from all three kinds of source (HTTP, JMS, the outbox) for
 * subscriptions of three behaviours, and are killed with {@code kill -9} at seeded random moments,
 * each restarted at once. Then, once nothing is pending: every (event, matching subscription)
 * reached the receiver or has a recorded decision (dead, skipped because disabled, dropped) or a
 * dead letter; every delivery the receiver saw has its attempt records; the always-healthy
 * subscriptions got each source's events in order. Duplicates and the time to recover are measured.
 *
 * <p>Subscriptions, per organization: one to everything that always answers 200 (order checked),
 * one to {@code lead.*} that answers 503 to the first two POSTs of each delivery (so retries wait
 * in {@code hub_delivery_due} at every kill); and for organization 1 one to {@code session.*} that
 * never answers 2xx, with one retry and disabling on exhaustion (dead, then skipped_disabled).
 *
 * <p>Kill moments are fractions of the run's progress, half events accepted and half deliveries
 * arrived, drawn from the seed, so kills land while events come in and while the backlog drains,
 * however fast the machine. With several hubs they take turns; each waits until the hub killed
 * before it is ready again, so one hub always runs.
 */
final class CrashScenario {

  /** What to run. */
  record Plan(
      String part,
      int hubs,
      int events,
      int organizations,
      int kills,
      long seed,
      Duration drainLimit) {}

  /** One kill -9 and restart, in nanoTime. */
  record Restart(int hub, long killedAt, long startedAt, long readyAt) {
    double readySeconds() {
      return (readyAt - startedAt) / 1e9;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FLAKY_FAILURES = 2;

  /** How long without a new delivery counts as stuck (restarts under load take under a minute). */
  private static final Duration STALL = Duration.ofMinutes(3);

  private static final Set<String> DECIDED = Set.of("dead", "skipped_disabled", "dropped");

  private final Plan plan;
  private final Path workDir;
  private final TestDatabase database;
  private final StandaloneBroker broker;
  private final List<HubProcess> hubs = new ArrayList<>();
  private final List<Process> running = new ArrayList<>();
  private final List<Restart> restarts = new ArrayList<>();

  /**
   * @param broker the standalone broker the hubs share, or {@code null} for one hub on its own
   *     embedded broker
   */
  CrashScenario(Plan plan, Path workDir, TestDatabase database, StandaloneBroker broker) {
    if (broker == null && plan.hubs() != 1) {
      throw new IllegalArgumentException("Several hubs need a standalone broker to share");
    }
    this.plan = plan;
    this.workDir = workDir;
    this.database = database;
    this.broker = broker;
    for (int i = 1; i <= plan.hubs(); i++) {
      hubs.add(new HubProcess(workDir.resolve("hub-" + i)));
    }
  }

  /** All the hubs' output, for a failure's message. */
  String output() throws IOException {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < hubs.size(); i++) {
      String output = hubs.get(i).output();
      all.append("==== hub-").append(i + 1).append(" (last 20,000 characters) ====\n");
      all.append(output, Math.max(0, output.length() - 20_000), output.length());
    }
    return all.toString();
  }

  CrashReport run() throws Exception {
    System.out.printf(
        "%s: %d hub(s), %d events, %d kill -9, seed %d%n",
        plan.part(), plan.hubs(), plan.events(), plan.kills(), plan.seed());
    for (HubProcess hub : hubs) {
      Files.createDirectories(dataDir(hub));
    }
    try (ArrivalRecorder receiver = new ArrivalRecorder()) {
      start(1);
      AdminClient admin = new AdminClient(hubs.get(0));
      List<Subscription> subscriptions = subscribe(admin, receiver);
      // The other hubs start after the subscriptions exist, so they know them from the start.
      for (int i = 2; i <= plan.hubs(); i++) {
        start(i);
      }
      List<LoadEvent> events =
          LoadEvent.plan(plan.events(), plan.organizations(), UUID.randomUUID().toString());
      List<Pair> expected = expected(events, subscriptions);

      AtomicInteger accepted = new AtomicInteger();
      LoadSenders senders = new LoadSenders(target(), accepted);
      // The embedded H2 is a file the running hub holds: outbox rows can only be written while it
      // is down, which is during the first kill. PostgreSQL takes them along with the rest.
      boolean outboxWhileDown = database instanceof TestDatabase.H2;
      Set<Way> concurrently = EnumSet.allOf(Way.class);
      if (outboxWhileDown) {
        concurrently.remove(Way.OUTBOX);
      }
      long start = System.nanoTime();
      List<Future<?>> sending = senders.start(events, plan.organizations(), concurrently);
      List<LoadEvent> outboxEvents =
          outboxWhileDown ? events.stream().filter(e -> e.way() == Way.OUTBOX).toList() : List.of();

      double[] moments = killMoments();
      long arrivable = expected.stream().filter(p -> !p.subscription().never()).count();
      long arrivableOutbox =
          expected.stream()
              .filter(p -> !p.subscription().never() && p.event().way() == Way.OUTBOX)
              .count();
      int next = 0;
      long deadline = start + plan.drainLimit().toNanos();
      long lastReport = start;
      while (next < moments.length
          && System.nanoTime() < deadline
          && !stalled(receiver, start, arrivable)) {
        failFast(sending);
        // Until the outbox rows that wait for the first kill are written, progress counts only
        // what can arrive without them, or a late kill moment would never come.
        boolean withoutOutbox = next == 0 && !outboxEvents.isEmpty();
        double progress =
            (accepted.get() / (double) (plan.events() - (withoutOutbox ? outboxEvents.size() : 0))
                    + receiver.unique()
                        / (double) (arrivable - (withoutOutbox ? arrivableOutbox : 0)))
                / 2;
        if (progress >= moments[next]) {
          int hub = next % plan.hubs() + 1;
          killAndRestart(hub, progress, () -> senders.outbox(outboxEvents), next == 0);
          next++;
        }
        if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
          lastReport = System.nanoTime();
          System.out.printf(
              "  %4.0f s: %d of %d events accepted, %d of %d deliveries arrived, %d kills%n",
              (lastReport - start) / 1e9,
              accepted.get(),
              plan.events(),
              receiver.unique(),
              arrivable,
              next);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
      String incomplete = null;
      if (next < moments.length) {
        incomplete =
            String.format(
                "only %d of %d kills: %s",
                next,
                moments.length,
                stalled(receiver, start, arrivable)
                    ? "no delivery arrived for " + STALL.toMinutes() + " minutes"
                    : "the drain limit of " + plan.drainLimit() + " passed");
      } else {
        for (Future<?> f : sending) {
          f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        incomplete = awaitQuiet(admin, receiver, start, arrivable, deadline);
      }
      long drained = receiver.lastNewArrival();
      // The database is read with the hubs stopped: H2 is theirs while they run, and nothing may
      // change under the checks.
      for (int i = 1; i <= plan.hubs(); i++) {
        hubs.get(i - 1).stop(running.get(i - 1));
      }
      return check(receiver, subscriptions, expected, senders, (drained - start) / 1e9, incomplete);
    }
  }

  // ---- hubs ----

  private Map<String, String> environment(HubProcess hub) {
    Map<String, String> env =
        new HashMap<>(HubProcess.environment(database.settings(dataDir(hub))));
    env.put("HUB_ADMIN_TOKEN", TestHub.ADMIN_TOKEN);
    // One key for all hubs: each decrypts the signing secrets another one stored.
    env.put("HUB_SECRETS_MASTER_KEY", TestHub.SECRETS_MASTER_KEY);
    env.put("HUB_ALLOW_TARGETS", "127.0.0.1");
    env.put("HUB_HAWTIO_ENABLED", "false");
    // The flaky subscriptions fail twice per delivery by design: an open circuit would only add
    // 30 s pauses, and this scenario is about durability, not isolation.
    env.put("HUB_DELIVERY_BREAKER_FAILURES", "1000");
    if (broker != null) {
      env.putAll(broker.hubEnvironment());
    }
    return env;
  }

  private long start(int hub) throws IOException {
    HubProcess process = hubs.get(hub - 1);
    Process started = process.start(environment(process));
    if (running.size() < hub) {
      running.add(started);
    } else {
      running.set(hub - 1, started);
    }
    process.awaitReady(started);
    return System.nanoTime();
  }

  /** One thing to do while the hub is down. */
  private interface WhileDown {
    void run() throws Exception;
  }

  private void killAndRestart(int hub, double progress, WhileDown whileDown, boolean first)
      throws Exception {
    Process process = running.get(hub - 1);
    long killedAt = System.nanoTime();
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("hub-" + hub + " still runs 30 s after kill -9");
    }
    if (first) {
      whileDown.run();
    }
    long startedAt = System.nanoTime();
    long readyAt = start(hub);
    Restart restart = new Restart(hub, killedAt, startedAt, readyAt);
    restarts.add(restart);
    System.out.printf(
        "  kill -9 hub-%d at %.0f %% progress: ready %.1f s after its restart%n",
        hub, progress * 100, restart.readySeconds());
  }

  /** Kill moments as fractions of progress, from the seed, in rising order. */
  private double[] killMoments() {
    Random random = new Random(plan.seed());
    return random.doubles(plan.kills(), 0.03, 0.97).sorted().toArray();
  }

  private static void failFast(List<Future<?>> sending) throws Exception {
    for (Future<?> f : sending) {
      if (f.isDone()) {
        f.get();
      }
    }
  }

  private LoadTarget target() {
    return new LoadTarget() {
      @Override
      public int hubs() {
        return hubs.size();
      }

      @Override
      public String httpUrl(int hub, String path) {
        return hubs.get(hub - 1).httpUrl(path);
      }

      @Override
      public String brokerUrl() {
        return broker != null ? broker.url() : "tcp://127.0.0.1:" + hubs.get(0).brokerPort();
      }

      @Override
      public String brokerUser() {
        return broker != null ? StandaloneBroker.USER : null;
      }

      @Override
      public String brokerPassword() {
        return broker != null ? StandaloneBroker.PASSWORD : null;
      }

      @Override
      public Connection connectDatabase() throws SQLException {
        return database.connect(dataDir(hubs.get(0)));
      }
    };
  }

  private static Path dataDir(HubProcess hub) {
    return hub.workDir().resolve("data");
  }

  // ---- subscriptions and what they should get ----

  /** A subscription of the scenario and how its receiver answers. */
  record Sub(Subscription subscription, String id, boolean never) {}

  /** One event that one subscription matches. */
  record Pair(LoadEvent event, Sub subscription) {
    String key() {
      return key(subscription.subscription().index(), event.way().source, event.seq());
    }

    static String key(int subscription, String source, int seq) {
      return subscription + "/" + source + "/" + seq;
    }
  }

  private List<Subscription> all = new ArrayList<>();
  private final List<Sub> subs = new ArrayList<>();

  private List<Subscription> subscribe(AdminClient admin, ArrivalRecorder receiver)
      throws Exception {
    for (int org = 1; org <= plan.organizations(); org++) {
      String organization = String.valueOf(org);
      subscribe(admin, receiver, organization, List.of("*"), null, false);
      receiver.failFirst(
          subscribe(
              admin,
              receiver,
              organization,
              List.of("lead.*"),
              "{\"delays\": [\"PT1S\", \"PT2S\", \"PT3S\", \"PT5S\"]}",
              false),
          FLAKY_FAILURES);
    }
    receiver.failAlways(
        subscribe(
            admin,
            receiver,
            "1",
            List.of("session.*"),
            "{\"delays\": [\"PT1S\"], \"disableOnExhaustion\": true}",
            true));
    return all;
  }

  private int subscribe(
      AdminClient admin,
      ArrivalRecorder receiver,
      String organization,
      List<String> eventTypes,
      String retryPolicy,
      boolean never)
      throws Exception {
    Subscription subscription = new Subscription(all.size(), organization, eventTypes);
    Map<String, Object> body = new HashMap<>();
    body.put("organizationId", organization);
    body.put("eventTypes", eventTypes);
    body.put("url", receiver.url(subscription.index()));
    body.put("description", "crash scenario");
    if (retryPolicy != null) {
      body.put("retryPolicy", JSON.readTree(retryPolicy));
    }
    JsonNode created = admin.create(JSON.writeValueAsString(body));
    all.add(subscription);
    subs.add(new Sub(subscription, created.path("id").asText(), never));
    return subscription.index();
  }

  private List<Pair> expected(List<LoadEvent> events, List<Subscription> subscriptions) {
    List<Pair> pairs = new ArrayList<>();
    for (LoadEvent e : events) {
      for (Sub s : subs) {
        if (s.subscription().organization().equals(e.organization())
            && s.subscription().matches(e)) {
          pairs.add(new Pair(e, s));
        }
      }
    }
    return pairs;
  }

  // ---- waiting and checking ----

  /**
   * Whether deliveries stopped arriving before all could: a stuck hub, which waiting out the drain
   * limit would only make slower to see.
   */
  private static boolean stalled(ArrivalRecorder receiver, long start, long arrivable) {
    long since = Math.max(start, receiver.lastNewArrival());
    return receiver.unique() < arrivable && System.nanoTime() - since > STALL.toNanos();
  }

  /**
   * Until every delivery that can arrive has, and no delivery is pending or waiting for a retry:
   * what is left then is decided.
   *
   * @return {@code null}, or why the wait ended before that
   */
  private String awaitQuiet(
      AdminClient admin, ArrivalRecorder receiver, long start, long arrivable, long deadline) {
    try {
      awaitQuietly(admin, receiver, start, arrivable, deadline);
      return null;
    } catch (org.awaitility.core.ConditionTimeoutException
        | org.awaitility.core.TerminalFailureException e) {
      return e.getMessage();
    }
  }

  private void awaitQuietly(
      AdminClient admin, ArrivalRecorder receiver, long start, long arrivable, long deadline) {
    await("every delivery arrived or decided, none pending")
        .atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
        .pollInterval(Duration.ofSeconds(1))
        .failFast(
            "no delivery arrived for " + STALL.toMinutes() + " minutes",
            () -> stalled(receiver, start, arrivable))
        .ignoreExceptions()
        .until(
            () ->
                receiver.unique() >= arrivable
                    && admin
                        .expect(200, "GET", "/api/deliveries?status=pending&limit=1", null)
                        .path("data")
                        .isEmpty()
                    && admin
                        .expect(200, "GET", "/api/deliveries?status=retrying&limit=1", null)
                        .path("data")
                        .isEmpty());
  }

  private CrashReport check(
      ArrivalRecorder receiver,
      List<Subscription> subscriptions,
      List<Pair> expected,
      LoadSenders senders,
      double seconds,
      String incomplete)
      throws Exception {
    Map<String, Sub> byId = new HashMap<>();
    subs.forEach(s -> byId.put(s.id(), s));
    Set<String> decided = new HashSet<>();
    Map<String, int[]> attempts = new HashMap<>();
    long deadLetters;
    try (Connection db = database.connect(dataDir(hubs.get(0)));
        Statement query = db.createStatement()) {
      try (ResultSet rows =
          query.executeQuery(
              "SELECT d.subscription_id, d.status, f.envelope FROM hub_delivery d"
                  + " JOIN hub_fanout f ON f.event_id = d.event_id"
                  + " WHERE d.status IN ('dead', 'skipped_disabled', 'dropped')")) {
        while (rows.next()) {
          Sub s = byId.get(rows.getString(1));
          JsonNode envelope = JSON.readTree(rows.getString(3));
          if (s != null) {
            decided.add(
                Pair.key(
                    s.subscription().index(),
                    envelope.path("source").asText(),
                    envelope.path("data").path("seq").asInt(-1)));
          }
        }
      }
      // An event fan-out could not handle, dead-lettered before any delivery: it counts for every
      // subscription that matches it.
      deadLetters = 0;
      try (ResultSet rows = query.executeQuery("SELECT body FROM hub_dead_letter")) {
        while (rows.next()) {
          deadLetters++;
          JsonNode envelope = JSON.readTree(rows.getString(1));
          for (Pair p : expected) {
            if (p.event().way().source.equals(envelope.path("source").asText())
                && p.event().seq() == envelope.path("data").path("seq").asInt(-1)
                && p.event().organization().equals(envelope.path("organizationId").asText())) {
              decided.add(p.key());
            }
          }
        }
      }
      try (ResultSet rows =
          query.executeQuery(
              "SELECT delivery_id, count(*),"
                  + " sum(CASE WHEN status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END)"
                  + " FROM hub_delivery_attempt GROUP BY delivery_id")) {
        while (rows.next()) {
          attempts.put(rows.getString(1), new int[] {rows.getInt(2), rows.getInt(3)});
        }
      }
    }

    List<String> lost = new ArrayList<>();
    long arrivedPairs = 0;
    long decidedPairs = 0;
    for (Pair p : expected) {
      boolean arrived =
          receiver.arrived(
              p.subscription().subscription().index(), p.event().way().source, p.event().seq());
      if (arrived) {
        arrivedPairs++;
      } else if (decided.contains(p.key())) {
        decidedPairs++;
      } else {
        lost.add(p.key() + " (organization " + p.event().organization() + ")");
      }
    }

    List<String> unrecorded = new ArrayList<>();
    long postsWithoutOwnRecord = 0;
    long totalPosts = 0;
    for (Map.Entry<String, ArrivalRecorder.Posts> seen : receiver.deliveries().entrySet()) {
      ArrivalRecorder.Posts posts = seen.getValue();
      int[] recorded = attempts.get(seen.getKey());
      totalPosts += posts.posts();
      if (recorded == null) {
        unrecorded.add(seen.getKey() + ": no attempt record");
        postsWithoutOwnRecord += posts.posts();
      } else {
        if (posts.answeredOk() > 0 && recorded[1] == 0) {
          unrecorded.add(seen.getKey() + ": answered 2xx, no 2xx attempt on record");
        }
        postsWithoutOwnRecord += Math.max(0, posts.posts() - recorded[0]);
      }
    }

    List<String> disorder = new ArrayList<>();
    for (Sub s : subs) {
      if (s.subscription().eventTypes().contains("*")) {
        disorder.addAll(
            ClusterCheck.outOfOrder(s.subscription(), receiver.arrivals(s.subscription().index())));
      }
    }

    return new CrashReport(
        plan,
        expected.size(),
        arrivedPairs,
        decidedPairs,
        lost,
        receiver.total() - receiver.unique(),
        totalPosts,
        postsWithoutOwnRecord,
        unrecorded,
        disorder,
        deadLetters,
        receiver.unreadable(),
        senders.httpRetries(),
        senders.jmsRetries(),
        seconds,
        incomplete,
        restarts.stream().map(r -> recovery(r, receiver)).toList());
  }

  private static CrashReport.Recovery recovery(Restart restart, ArrivalRecorder receiver) {
    return new CrashReport.Recovery(
        (restart.readyAt() - restart.killedAt()) / 1e9,
        secondsAfterKill(restart, receiver.firstArrivalAfter(restart.readyAt())),
        secondsAfterKill(restart, receiver.firstArrivalAfter(restart.killedAt())));
  }

  private static double secondsAfterKill(Restart restart, java.util.OptionalLong at) {
    return at.isPresent() ? (at.getAsLong() - restart.killedAt()) / 1e9 : Double.NaN;
  }
}
