package dev.webhookhub.bench;

import static dev.webhookhub.bench.BenchEvents.event;
import static dev.webhookhub.bench.BenchEvents.ingest;
import static dev.webhookhub.bench.BenchSettings.P4_DELIVERIES;
import static dev.webhookhub.bench.BenchSettings.P4_DRAIN_LIMIT;
import static dev.webhookhub.bench.BenchSettings.P4_DUE_AFTER;
import static dev.webhookhub.bench.BenchSettings.P4_STALL;
import static dev.webhookhub.bench.BenchSettings.P4_SUBSCRIPTIONS;
import static dev.webhookhub.bench.BenchSettings.P5_IDLE;

import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * P4: a million deliveries waiting for a later attempt. A hub in its own process gets real
 * subscriptions and one real event per subscription; stopped, its database gets the backlog ({@link
 * WaitingDeliveries}), all due at one time {@code dueAt} a few minutes ahead. Before then: the
 * hub's heap after a full collection with the backlog waiting, after a start and after a {@code
 * kill -9} and restart, and how long each start took to ready. From {@code dueAt}, with nothing
 * else done to the hub, the receiver counts per subscription and per delivery id that every one
 * arrives.
 *
 * <p>The backlog comes due by time, as a real one does, not by an UPDATE: on H2, updating the due
 * time of 100,000 rows took longer than seeding them and tripled the file. The database is written
 * only while the hub is stopped: H2 is a file the running hub holds.
 */
final class WaitingBacklog {

  private static final String SCENARIO = "P4 backlog";
  private static final long ISSUE_DELIVERIES = 1_000_000;

  /** The longest the real events may take: without them there is nothing to seed. */
  private static final Duration SET_UP = Duration.ofSeconds(120);

  /**
   * The share of the backlog seeded first, to measure the seeding rate on this machine now (it
   * varied fivefold with the other work on the shared cores), from which {@code dueAt} is chosen.
   */
  private static final double CALIBRATION = 0.05;

  /** Margin on the rest of the seeding's time estimated from the first part. */
  private static final double SLACK = 1.5;

  private final BenchReport report;
  private final ReceiverProcess receiver;
  private final TestDatabase database;

  WaitingBacklog(BenchReport report, ReceiverProcess receiver, TestDatabase database) {
    this.report = report;
    this.receiver = receiver;
    this.database = database;
  }

  void run(Path workDir) throws Exception {
    String db = database.name();
    try (HubJar hub = HubJar.forBench(workDir, database)) {
      try {
        measure(db, hub);
      } finally {
        hub.close();
        dropData(hub, workDir);
      }
    }
  }

  private void measure(String db, HubJar hub) throws Exception {
    hub.startReady();
    List<String> subscriptions = subscribe(hub.admin());
    try (HttpLoad load = new HttpLoad(hub.httpPort(), 4)) {
      load.fullSpeed(
          subscriptions.size(), SET_UP, i -> ingest(event("p4-event-" + (i + 1), (int) i + 1)));
    }
    if (!receiver.awaitCount(report, keys(subscriptions.size()), subscriptions.size(), SET_UP)) {
      throw new IllegalStateException(
          "the real events were not delivered within " + SET_UP.toSeconds() + " s");
    }
    hub.stop();

    Instant dueAt = seed(db, hub, subscriptions);

    Duration firstStart = hub.startReady();
    double heapAfterStart = idleHeap(hub, Instant.now().plus(P5_IDLE));
    hub.kill();
    Duration restart = hub.startReady();
    // Idle as long as the backlog waits, less the time to measure.
    double heapAfterRestart =
        idleHeap(hub, later(Instant.now().plus(P5_IDLE), dueAt.minusSeconds(15)));
    double rss = hub.rssMb();
    Instant measured = Instant.now();
    String late =
        measured.isAfter(dueAt)
            ? String.format(
                "; measured %d s after the backlog came due (raise -Dbench.p4.due-after)",
                Duration.between(dueAt, measured).toSeconds())
            : "";
    report.bound(
        SCENARIO,
        db,
        "heap after a full GC, backlog waiting",
        Math.max(heapAfterStart, heapAfterRestart),
        "MB",
        512.0,
        false,
        "≤ 512 MB",
        String.format(
            "the larger of: %.0f MB %d s after a start, %.0f MB just before the backlog is due after"
                + " kill -9 and restart (jcmd GC.run, GC.heap_info); -Xmx512m; RSS %.0f MB%s",
            heapAfterStart, P5_IDLE.toSeconds(), heapAfterRestart, rss, late));
    report.bound(
        SCENARIO,
        db,
        "restart (kill -9) → ready",
        restart.toMillis() / 1000.0,
        "s",
        30.0,
        false,
        "≤ 30 s",
        String.format(
            "process start to /observe/health/ready; after a graceful stop: %.1f s%s",
            firstStart.toMillis() / 1000.0, late));

    Map<String, Long> countsBefore = receiver.stats();
    sleepUntil(dueAt); // the backlog comes due by time; nothing is asked of the hub meanwhile
    drain(db, hub, subscriptions.size(), countsBefore);
  }

  /**
   * Seeds the backlog (the hub stopped) and reports how many and how fast. The first part is seeded
   * due in a day; its rate says when the rest will be done, so the whole backlog is made due at
   * that estimate, with slack, plus {@code P4_DUE_AFTER} for the measurements.
   *
   * @return when the backlog is due
   */
  private Instant seed(String db, HubJar hub, List<String> subscriptions) throws Exception {
    long start = System.nanoTime();
    long first = Math.max(1, Math.round(P4_DELIVERIES * CALIBRATION));
    Instant dueAt;
    double waitingSeconds;
    try (Connection c = hub.connectDatabase()) {
      List<WaitingDeliveries.Target> targets = targets(c, subscriptions);
      WaitingDeliveries.seed(c, targets, 0, first, Instant.now().plus(Duration.ofDays(1)));
      double secondsPerRow = (System.nanoTime() - start) / 1e9 / first;
      // The rest, the update of the first part and the records: each about a row's insert.
      dueAt =
          Instant.now()
              .plusSeconds(Math.round(SLACK * secondsPerRow * (P4_DELIVERIES + first)))
              .plus(P4_DUE_AFTER);
      WaitingDeliveries.seed(c, targets, first, P4_DELIVERIES, dueAt);
      WaitingDeliveries.dueAt(c, dueAt); // the first part, small
      waitingSeconds = (System.nanoTime() - start) / 1e9;
      WaitingDeliveries.records(c, targets);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String count =
        P4_DELIVERIES >= ISSUE_DELIVERIES
            ? ""
            : String.format(
                "; fewer than the issue's 1,000,000 (-Dbench.p4.deliveries): seeding them would"
                    + " take about %.0f min here before the drain",
                ISSUE_DELIVERIES * seconds / P4_DELIVERIES / 60);
    report.bound(
        SCENARIO,
        db,
        "deliveries waiting",
        P4_DELIVERIES,
        "",
        P4_DELIVERIES >= ISSUE_DELIVERIES ? (double) ISSUE_DELIVERIES : null,
        true,
        "1,000,000",
        String.format(
            "%d subscriptions; seeded in %.0f s (hub_delivery_due %.0f rows/s, then the"
                + " hub_delivery records); due %d s after seeding ended%s%s",
            subscriptions.size(),
            seconds,
            P4_DELIVERIES / waitingSeconds,
            Duration.between(Instant.now(), dueAt).toSeconds(),
            count,
            Instant.now().isAfter(dueAt) ? " (seeding ended after the backlog was due)" : ""));
    return dueAt;
  }

  /**
   * Counts the backlog in from {@code dueAt}: until all arrived, nothing new arrived for {@code
   * P4_STALL}, or {@code P4_DRAIN_LIMIT} is over. Samples the heap (garbage included) on the way.
   */
  private void drain(String db, HubJar hub, int subscriptions, Map<String, Long> countsBefore)
      throws Exception {
    long start = System.nanoTime();
    long lastProgress = start;
    long arrived = 0;
    double heapPeak = 0;
    while (arrived < P4_DELIVERIES && hub.alive()) {
      Thread.sleep(1_000); // sampling the receiver's count, not waiting for the hub
      heapPeak = Math.max(heapPeak, hub.heapUsedMb());
      long now = distinct(receiver.distinct(), subscriptions);
      if (now > arrived) {
        arrived = now;
        lastProgress = System.nanoTime();
      }
      if (System.nanoTime() - lastProgress > P4_STALL.toNanos()
          || System.nanoTime() - start > P4_DRAIN_LIMIT.toNanos()) {
        break;
      }
    }
    double active = (lastProgress - start) / 1e9;

    Map<String, Long> distinct = receiver.distinct();
    Map<String, Long> counts = receiver.stats();
    long requests = 0;
    List<String> incomplete = new ArrayList<>();
    for (int s = 1; s <= subscriptions; s++) {
      String key = key(s);
      requests += counts.getOrDefault(key, 0L) - countsBefore.getOrDefault(key, 0L);
      long expected = P4_DELIVERIES / subscriptions + (s <= P4_DELIVERIES % subscriptions ? 1 : 0);
      long got = distinct.getOrDefault(key, 0L);
      if (got < expected) {
        incomplete.add("subscription " + s + ": " + got + " of " + expected);
      }
    }
    boolean died = !hub.alive();
    String ending =
        arrived >= P4_DELIVERIES
            ? String.format("all within %.0f s", active)
            : died
                ? "the hub process exited: " + hub.tail()
                : System.nanoTime() - start > P4_DRAIN_LIMIT.toNanos()
                    ? String.format(
                        "the %d s limit (-Dbench.p4.drain-limit) was reached",
                        P4_DRAIN_LIMIT.toSeconds())
                    : String.format("nothing more arrived for %d s", P4_STALL.toSeconds());
    if (!died) {
      hub.stop();
    }
    report.bound(
        SCENARIO,
        db,
        "not delivered once due",
        P4_DELIVERIES - arrived,
        "",
        0.0,
        false,
        "0",
        String.format(
            "%d of %d arrived (distinct delivery ids), %s; %d repeated; %s",
            arrived,
            P4_DELIVERIES,
            ending,
            Math.max(0, requests - arrived),
            incomplete.isEmpty()
                ? "every subscription got all of its own"
                : incomplete.size() + " subscriptions short, e.g. " + incomplete.get(0)));
    double rate = active > 0 ? arrived / active : 0;
    report.info(
        SCENARIO,
        db,
        "backlog delivered once due",
        rate,
        "/s",
        String.format(
            "from the due time to the last arrival, the hub running; heap peak meanwhile %.0f MB"
                + " (garbage included)%s",
            heapPeak,
            P4_DELIVERIES >= ISSUE_DELIVERIES || rate == 0
                ? ""
                : String.format(
                    "; 1,000,000 would take about %.0f min at this rate",
                    ISSUE_DELIVERIES / rate / 60)));
  }

  /** Heap after a full GC of the started hub, idle until {@code until}. */
  private static double idleHeap(HubJar hub, Instant until) throws Exception {
    sleepUntil(until); // idle on purpose: the heap of a hub at rest
    return hub.heapAfterFullGcMb();
  }

  private static void sleepUntil(Instant at) throws InterruptedException {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private List<String> subscribe(AdminClient admin) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int s = 1; s <= P4_SUBSCRIPTIONS; s++) {
      ids.add(BenchEvents.subscribe(admin, s, receiver.url("/" + key(s) + "/" + s), null));
    }
    return ids;
  }

  /**
   * Subscription {@code s} (organization {@code s}) and its real event, read from the event store.
   */
  private static List<WaitingDeliveries.Target> targets(Connection c, List<String> subscriptions)
      throws Exception {
    List<WaitingDeliveries.Target> targets = new ArrayList<>();
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT event_id, event_type, envelope FROM hub_fanout WHERE organization_id = ?")) {
      for (int s = 1; s <= subscriptions.size(); s++) {
        select.setString(1, String.valueOf(s));
        try (ResultSet rs = select.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("no event of organization " + s + " was fanned out");
          }
          targets.add(
              new WaitingDeliveries.Target(
                  subscriptions.get(s - 1), rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return targets;
  }

  /** The receiver's key of subscription {@code s}: one per subscription, to count each. */
  private String key(int s) {
    return BenchEvents.receiverKey("p4s" + s, database.name()) + "/ok";
  }

  private List<String> keys(int subscriptions) {
    return Stream.iterate(1, s -> s + 1).limit(subscriptions).map(this::key).toList();
  }

  private long distinct(Map<String, Long> distinct, int subscriptions) {
    return keys(subscriptions).stream().mapToLong(k -> distinct.getOrDefault(k, 0L)).sum();
  }

  /**
   * A million rows are gigabytes: PostgreSQL drops the scenario's schema, H2's file goes with the
   * work dir.
   */
  private static void dropData(HubJar hub, Path workDir) throws Exception {
    if (hub.onPostgres()) {
      try (Connection c = hub.connectDatabase();
          Statement s = c.createStatement()) {
        String schema;
        try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
          rs.next();
          schema = rs.getString(1);
        }
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
