package dev.webhookhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.webhookhub.testing.StandaloneBroker;
import dev.webhookhub.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash part of the reliability suite (issue 12): hub processes killed with {@code kill -9}
 * while events stream in from HTTP, JMS and the outbox and retries wait; after recovery nothing is
 * lost, every delivery the receiver saw is on record, and the healthy subscriptions kept order.
 * Each run appends its row to target/reliability/crash.tsv. {@link CrashScenario} says what is sent
 * and checked.
 *
 * <p>{@code -Dreliability.crash.seed=N} repeats a run's kill moments (each run prints its seed).
 */
class CrashRecoveryIT {

  @TempDir Path workDir;

  /**
   * Plain {@code mvn verify}: one hub on its embedded broker, a few hundred events, one kill -9 and
   * restart. On PostgreSQL when HUB_TEST_PG_URL is set (the outbox then runs alongside), else on H2
   * (whose file the running hub holds: the outbox rows are written while it is down).
   */
  @Test
  void smokeOneKillNineAndRestartLosesNothing() throws Exception {
    List<TestDatabase> databases = TestDatabase.available();
    TestDatabase database = databases.get(databases.size() - 1);
    CrashScenario.Plan plan =
        new CrashScenario.Plan("crash (smoke)", 1, 300, 3, 1, seed(), Duration.ofSeconds(150));
    run(plan, new CrashScenario(plan, workDir, database, null), describe(plan, database, false));
  }

  /**
   * {@code mvn -Preliability verify}: two hubs on the standalone Artemis 2.40.0 and PostgreSQL, 20
   * kill -9 taking turns. {@code -Dreliability.crash.events} (default 30,000; the figure is
   * 100,000, see docs/reliability-crash.md for how long that takes) and {@code
   * -Dreliability.crash.kills} (20) change the size.
   */
  @Test
  @EnabledIfSystemProperty(named = "reliability", matches = "true")
  void twentyKillNinesOfTwoHubsOnAStandaloneBrokerAndPostgresLoseNothing() throws Exception {
    String pg = System.getenv("HUB_TEST_PG_URL");
    assumeTrue(
        pg != null && !pg.isBlank(),
        "The crash scenario needs PostgreSQL, which two hubs share: set HUB_TEST_PG_URL"
            + " (and HUB_TEST_PG_USER, HUB_TEST_PG_PASSWORD)");
    List<TestDatabase> databases = TestDatabase.available();
    TestDatabase postgres = databases.get(databases.size() - 1);
    int events = Integer.getInteger("reliability.crash.events", 30_000);
    int kills = Integer.getInteger("reliability.crash.kills", 20);
    CrashScenario.Plan plan =
        new CrashScenario.Plan("crash", 2, events, 10, kills, seed(), Duration.ofMinutes(40));
    try (StandaloneBroker broker = StandaloneBroker.start(workDir.resolve("artemis"))) {
      run(plan, new CrashScenario(plan, workDir, postgres, broker), describe(plan, postgres, true));
    }
  }

  private static void run(CrashScenario.Plan plan, CrashScenario scenario, String description)
      throws Exception {
    CrashReport report;
    try {
      report = scenario.run();
    } catch (Exception | Error e) {
      System.err.println(scenario.output());
      throw e;
    }
    System.out.println(report.summary());
    report.appendRow(description);
    if (!report.passed()) {
      System.err.println(scenario.output());
    }
    assertThat(report.incomplete()).as("the run was cut short").isNull();
    assertThat(report.lost())
        .as("(event, subscription) pairs neither delivered nor decided")
        .isEmpty();
    assertThat(report.unrecorded()).as("deliveries the receiver saw but not on record").isEmpty();
    assertThat(report.disorder()).as("out of order at an always-healthy subscription").isEmpty();
    assertThat(report.unreadable()).as("deliveries the receiver could not read").isZero();
  }

  private static String describe(
      CrashScenario.Plan plan, TestDatabase database, boolean standalone) {
    return String.format(
        "%d hub%s on %s and %s; retries pending (503 twice per delivery), a subscription that"
            + " dies; kill -9 at random moments, each hub restarted",
        plan.hubs(),
        plan.hubs() == 1 ? "" : "s",
        standalone ? "standalone Artemis " + StandaloneBroker.VERSION : "the embedded broker",
        database.name());
  }

  private static long seed() {
    Long fixed = Long.getLong("reliability.crash.seed");
    return fixed != null ? fixed : ThreadLocalRandom.current().nextLong();
  }
}
