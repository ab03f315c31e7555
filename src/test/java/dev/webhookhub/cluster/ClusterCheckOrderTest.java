package dev.webhookhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookhub.cluster.ArrivalRecorder.Arrival;
import dev.webhookhub.cluster.ClusterCheck.Subscription;
import dev.webhookhub.cluster.LoadEvent.Way;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster check's verdicts, which must be able to fail: order, copies and matching. */
class ClusterCheckOrderTest {

  private static final Subscription ALL = new Subscription(0, "1", List.of("*"));

  @Test
  void aCopyOfAnEarlierEventIsADuplicateNotDisorder() {
    List<Arrival> arrivals =
        List.of(arrival("ufp", 1), arrival("ufp", 2), arrival("ufp", 2), arrival("ufp", 3));
    assertThat(ClusterCheck.outOfOrder(ALL, arrivals)).isEmpty();
  }

  @Test
  void anEventAfterALaterOneOfItsSourceIsDisorder() {
    List<Arrival> arrivals =
        List.of(arrival("ufp", 1), arrival("ufp", 3), arrival("fineguide", 1), arrival("ufp", 2));
    assertThat(ClusterCheck.outOfOrder(ALL, arrivals))
        .containsExactly("subscription 0 ufp #2 after #3");
  }

  @Test
  void sourcesAreOrderedEachOnItsOwn() {
    List<Arrival> arrivals =
        List.of(arrival("fineguide", 5), arrival("ufp", 1), arrival("fineguide", 6));
    assertThat(ClusterCheck.outOfOrder(ALL, arrivals)).isEmpty();
  }

  @Test
  void theNarrowSubscriptionMatchesLeadsAndSessionsOnly() {
    Subscription narrow = new Subscription(1, "1", List.of("lead.*", "session.*"));
    List<LoadEvent> events = LoadEvent.plan(3, 1, "run");
    assertThat(events).extracting(LoadEvent::way).containsExactly(Way.HTTP, Way.JMS, Way.OUTBOX);
    assertThat(events)
        .filteredOn(narrow::matches)
        .extracting(LoadEvent::way)
        .containsExactly(Way.HTTP, Way.JMS);
    assertThat(events).allMatch(ALL::matches);
  }

  private static Arrival arrival(String source, int seq) {
    return new Arrival(source, seq, System.nanoTime());
  }
}
