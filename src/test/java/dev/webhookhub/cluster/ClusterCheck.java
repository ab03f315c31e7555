package dev.webhookhub.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.cluster.ArrivalRecorder.Arrival;
import dev.webhookhub.cluster.LoadEvent.Way;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster check of scripts/cluster-check.sh, against hubs started by scripts/local-cluster.sh:
 * events from all three kinds of source to many subscriptions, one hub killed with {@code kill -9}
 * when half the events are in and started again, then: did every (event, matching subscription)
 * arrive at least once, in order per subscription and source, and how fast.
 *
 * <p>Order, as the hub documents it (docs/decisions.md, "Fan-out" and "Delivery"): a source's
 * events keep their order on {@code hub.events}; one organization's events are fanned out in that
 * order; one subscription's deliveries are sent one at a time in event order while they succeed. So
 * at each subscription, the {@code seq} of one source's events must rise. A copy of an event that
 * already arrived (at least once) is counted as a duplicate, not as disorder.
 *
 * <p>Not a test: it takes minutes, so plain {@code mvn verify} does not run it. Options: {@code
 * --dir <cluster dir> --hubs <N> [--events 20000] [--organizations 25] [--no-kill]}.
 */
public final class ClusterCheck {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ClusterCheck() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int hubs = Integer.parseInt(options.getOrDefault("hubs", "2"));
    int eventCount = Integer.parseInt(options.getOrDefault("events", "20000"));
    int organizations = Integer.parseInt(options.getOrDefault("organizations", "25"));
    boolean kill = !options.containsKey("no-kill");
    Path script = Path.of(options.getOrDefault("script", "scripts/local-cluster.sh"));
    ClusterTopology cluster = ClusterTopology.read(Path.of(options.get("dir")), hubs);

    List<LoadEvent> events =
        LoadEvent.plan(eventCount, organizations, UUID.randomUUID().toString());
    try (ArrivalRecorder recorder = new ArrivalRecorder()) {
      List<Subscription> subscriptions = subscribe(cluster, recorder, organizations);
      long expected =
          events.stream()
              .mapToLong(
                  e ->
                      subscriptions.stream()
                          .filter(s -> s.organization().equals(e.organization()) && s.matches(e))
                          .count())
              .sum();
      System.out.printf(
          "%d hub(s), %d events (HTTP, JMS, outbox) for %d organizations, %d subscriptions:"
              + " %d deliveries expected%n",
          hubs, events.size(), organizations, subscriptions.size(), expected);

      // The machine may be shared: its load says how far the numbers can be trusted.
      String startLoad = loadAverage();
      AtomicInteger accepted = new AtomicInteger();
      LoadSenders senders = new LoadSenders(cluster, accepted);
      long start = System.nanoTime();
      List<Future<?>> sending = senders.start(events, organizations, EnumSet.allOf(Way.class));
      Long killedAt = null;
      long restartSeconds = 0;
      long deadline = start + TimeUnit.SECONDS.toNanos(Math.max(900, eventCount / 10));
      long lastReport = start;
      while (recorder.unique() < expected && System.nanoTime() < deadline) {
        if (kill && killedAt == null && accepted.get() >= eventCount / 2) {
          killedAt = System.nanoTime();
          restartSeconds = killAndRestart(cluster, script, 1);
        }
        failFast(sending);
        if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
          lastReport = System.nanoTime();
          System.out.printf(
              "  %4.0f s: %d events accepted, %d of %d deliveries arrived (%d with copies)%n",
              seconds(lastReport - start),
              accepted.get(),
              recorder.unique(),
              expected,
              recorder.total());
        }
        Thread.sleep(100);
      }
      failFast(sending);
      long end = recorder.lastNewArrival();

      int missing = 0;
      List<String> missingExamples = new ArrayList<>();
      for (LoadEvent e : events) {
        for (Subscription s : subscriptions) {
          if (s.organization().equals(e.organization())
              && s.matches(e)
              && !recorder.arrived(s.index(), e.way().source, e.seq())) {
            missing++;
            if (missingExamples.size() < 10) {
              missingExamples.add(s.index() + ":" + e.way().source + "#" + e.seq());
            }
          }
        }
      }
      List<String> disorder = new ArrayList<>();
      for (Subscription s : subscriptions) {
        disorder.addAll(outOfOrder(s, recorder.arrivals(s.index())));
      }
      long duplicates = recorder.total() - recorder.unique();
      double elapsed = seconds(end - start);
      System.out.printf(
          "Result, %d hub(s)%s: %d of %d deliveries arrived in %.1f s = %.0f deliveries/s"
              + " (%.0f events/s); %d duplicates; %d missing %s; %d out of order %s;"
              + " %d HTTP retries; %d unreadable; outbox rows with an error: %d%n",
          hubs,
          killedAt == null
              ? ""
              : String.format(
                  ", hub-1 killed (kill -9) at %.0f s and ready again %d s later",
                  seconds(killedAt - start), restartSeconds),
          recorder.unique(),
          expected,
          elapsed,
          recorder.unique() / elapsed,
          eventCount / elapsed,
          duplicates,
          missing,
          missingExamples,
          disorder.size(),
          disorder.stream().limit(10).toList(),
          senders.httpRetries(),
          recorder.unreadable(),
          rejectedOutboxRows(cluster));
      boolean passed = missing == 0 && disorder.isEmpty() && recorder.unreadable() == 0;
      System.out.printf(
          "Load average (1, 5, 15 min) at the start: %s, at the end: %s%n",
          startLoad, loadAverage());
      System.out.println(passed ? "PASSED" : "FAILED");
      System.exit(passed ? 0 : 1);
    }
  }

  /** A subscription of the check: every organization gets one to everything and one narrower. */
  public record Subscription(int index, String organization, List<String> eventTypes) {
    public boolean matches(LoadEvent event) {
      return eventTypes.contains("*")
          || eventTypes.contains(event.way().eventType.replaceAll("\\..*", ".*"));
    }
  }

  private static List<Subscription> subscribe(
      ClusterTopology cluster, ArrivalRecorder recorder, int organizations) throws Exception {
    List<Subscription> subscriptions = new ArrayList<>();
    for (int org = 1; org <= organizations; org++) {
      subscriptions.add(new Subscription(subscriptions.size(), String.valueOf(org), List.of("*")));
      subscriptions.add(
          new Subscription(
              subscriptions.size(), String.valueOf(org), List.of("lead.*", "session.*")));
    }
    for (Subscription s : subscriptions) {
      String body =
          JSON.writeValueAsString(
              Map.of(
                  "organizationId", s.organization(),
                  "eventTypes", s.eventTypes(),
                  "url", recorder.url(s.index()),
                  "description", "cluster check"));
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(cluster.httpUrl(1, "/api/subscriptions")))
                  .header("Authorization", "Bearer " + cluster.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException(
            "Creating a subscription answered " + response.statusCode() + ": " + response.body());
      }
    }
    // Another hub sees subscription changes within hub.subscriptions.recheck-interval (1 s); a
    // fan-out before that would match nothing and the check would count it as lost.
    Thread.sleep(3_000);
    return subscriptions;
  }

  private static void failFast(List<Future<?>> sending) throws Exception {
    for (Future<?> f : sending) {
      if (f.isDone()) {
        f.get();
      }
    }
  }

  /** {@code kill -9} the hub, then the script starts it again and waits until it is ready. */
  private static long killAndRestart(ClusterTopology cluster, Path script, int hub)
      throws Exception {
    String pid = Files.readString(cluster.pidFile(hub)).strip();
    System.out.printf("  kill -9 hub-%d (pid %s)%n", hub, pid);
    run(Duration.ofSeconds(10), "kill", "-9", pid);
    long restart = System.nanoTime();
    // SIGKILL is delivered asynchronously: the script must not find the old process still there.
    ProcessHandle.of(Long.parseLong(pid))
        .ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    ProcessBuilder start = new ProcessBuilder(script.toString(), "start-hub", String.valueOf(hub));
    start.environment().put("LOCAL_CLUSTER_DIR", cluster.dir().toString());
    start.inheritIO();
    Process process = start.start();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("hub-" + hub + " did not start again");
    }
    return Math.round(seconds(System.nanoTime() - restart));
  }

  private static void run(Duration limit, String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("Failed: " + String.join(" ", command));
    }
  }

  /** Arrivals of a source's event after a later one of the same source had arrived. */
  public static List<String> outOfOrder(Subscription subscription, List<Arrival> arrivals) {
    List<String> found = new ArrayList<>();
    Map<String, Integer> highest = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Arrival a : arrivals) {
      boolean copy = !seen.add(a.source() + "#" + a.seq());
      int before = highest.getOrDefault(a.source(), 0);
      if (!copy && a.seq() < before) {
        found.add(
            "subscription "
                + subscription.index()
                + " "
                + a.source()
                + " #"
                + a.seq()
                + " after #"
                + before);
      }
      highest.put(a.source(), Math.max(before, a.seq()));
    }
    return found;
  }

  private static long rejectedOutboxRows(ClusterTopology cluster) throws Exception {
    try (var db =
            DriverManager.getConnection(cluster.dbUrl(), cluster.dbUser(), cluster.dbPassword());
        var query = db.createStatement();
        ResultSet rows =
            query.executeQuery("SELECT count(*) FROM hub_outbox WHERE error IS NOT NULL")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static String loadAverage() throws java.io.IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i].replaceFirst("^--", "");
      boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
      options.put(name, flag ? "true" : args[++i]);
    }
    if (!options.containsKey("dir")) {
      throw new IllegalArgumentException(
          "--dir <cluster dir of scripts/local-cluster.sh> is required");
    }
    return options;
  }
}
