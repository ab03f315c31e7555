package dev.webhookhub.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark's settings ({@code -Dbench.<name>=<value>}), read once, with the figures as
 * defaults. Each is registered under its name so that the report lists every setting the run used.
 */
final class BenchSettings {

  private static final Map<String, Object> USED = new LinkedHashMap<>();

  /** Every timed phase follows this long of the same load. */
  static final Duration WARMUP = seconds("warmup", 15);

  /** The timed window of P1, P2 and P3. */
  static final Duration WINDOW = seconds("window", 60);

  static final Duration CEILING_WINDOW = seconds("ceiling.window", 20);

  /** The longest wait for deliveries still on their way after the sending stopped. */
  static final Duration DRAIN = seconds("drain", 60);

  static final long P1_EVENTS = number("p1.events", 50_000);
  static final Duration P1_DRAIN = seconds("p1.drain-window", 15);

  /** HTTP/1.1 keep-alive connections of the ingest senders. */
  static final int SENDERS = (int) number("senders", 48);

  /** Events per second of P2, P3 and P3 with a restart. */
  static final int RATE = (int) number("p2.rate", 300);

  /**
   * P3 with a restart: the longest wait for the healthy events after the last send; longer than
   * {@link #DRAIN}, since the restarted hub catches up on a backlog and "not delivered" must mean
   * lost, not late.
   */
  static final Duration P3_RESTART_DRAIN = seconds("p3.restart.drain", 180);

  /** P3 with a restart: paced load before the kill (the failing backlog grows) and after ready. */
  static final Duration P3_RESTART_BEFORE = seconds("p3.restart.before", 20);

  static final Duration P3_RESTART_AFTER = seconds("p3.restart.after", 20);

  /**
   * P4: deliveries seeded into {@code hub_delivery_due}, spread over this many subscriptions. Fewer
   * than the 1,000,000 by default: on H2 here seeding ran at 1,100-7,300 rows/s and the
   * engine delivered the backlog at about 300/s, so a million would take far over the 10 minutes
   * per database the scenario has (docs/benchmarks.md).
   */
  static final long P4_DELIVERIES = number("p4.deliveries", 100_000);

  static final int P4_SUBSCRIPTIONS = (int) number("p4.subscriptions", 20);

  /** P4: how long after seeding the backlog comes due; the heap and restart are measured before. */
  static final Duration P4_DUE_AFTER = seconds("p4.due-after", 120);

  /** P4: the longest the backlog may take to arrive once due, and the longest without progress. */
  static final Duration P4_DRAIN_LIMIT = seconds("p4.drain-limit", 300);

  static final Duration P4_STALL = seconds("p4.stall", 60);

  static final Duration P5_IDLE = seconds("p5.idle", 10);

  /**
   * Scenarios to run, comma-separated: ceiling, p1, p2, p3, p3restart, p4, p5 (default all). P1
   * needs the ceiling and P3 compares with P2: without them, those targets are not judged.
   */
  static final Set<String> SCENARIOS =
      Arrays.stream(text("scenarios", "ceiling,p1,p2,p3,p3restart,p4,p5").split(","))
          .map(s -> s.trim().toLowerCase(Locale.ROOT))
          .collect(Collectors.toSet());

  /**
   * Databases to run on, comma-separated names as {@code TestDatabase} gives them (H2, PostgreSQL;
   * default every one available): a long scenario can be run on one of them alone.
   */
  static final Set<String> DATABASES =
      Arrays.stream(text("databases", "h2,postgresql").split(","))
          .map(s -> s.trim().toLowerCase(Locale.ROOT))
          .collect(Collectors.toSet());

  private BenchSettings() {}

  static boolean runsOn(String database) {
    return DATABASES.contains(database.toLowerCase(Locale.ROOT));
  }

  static boolean runs(String scenario) {
    return SCENARIOS.contains(scenario);
  }

  /** Hub settings for every hub of the run: {@code -Dbench.hub.<key>=<value>}. */
  static Map<String, String> hubSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("bench.hub."))
        .sorted()
        .forEach(
            name -> settings.put(name.substring("bench.hub.".length()), System.getProperty(name)));
    return settings;
  }

  /** Every setting the run used, by name, for the report. */
  static Map<String, Object> used() {
    Map<String, Object> all = new LinkedHashMap<>(USED);
    all.put("cores", Runtime.getRuntime().availableProcessors());
    hubSettings().forEach((key, value) -> all.put("hub." + key, value));
    all.put("agents", javaAgents());
    return all;
  }

  /**
   * The benchmark JVM's {@code -javaagent} options: a coverage agent would slow what is measured,
   * so the report shows that there is none. The hub and receiver processes are started with
   * explicit options and no agent.
   */
  static String javaAgents() {
    String agents =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("-javaagent"))
            .collect(Collectors.joining(" "));
    String tool = System.getenv("JAVA_TOOL_OPTIONS");
    if (tool != null && tool.contains("-javaagent")) {
      agents += " JAVA_TOOL_OPTIONS: " + tool;
    }
    return agents.isBlank() ? "none" : agents;
  }

  private static Duration seconds(String name, int defaultSeconds) {
    Duration value = Duration.ofSeconds(Integer.getInteger("bench." + name, defaultSeconds));
    USED.put(name + ".s", value.toSeconds());
    return value;
  }

  private static long number(String name, long defaultValue) {
    long value = Long.getLong("bench." + name, defaultValue);
    USED.put(name, value);
    return value;
  }

  private static String text(String name, String defaultValue) {
    String value = System.getProperty("bench." + name, defaultValue);
    USED.put(name, value);
    return value;
  }
}
