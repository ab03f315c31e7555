package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.delivery.DueDeliveries.Claimed;
import dev.webhookhub.delivery.DueDeliveries.Due;
import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.queue.HubQueues;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Waiting deliveries in the database: only due rows move, a failed move leaves them waiting, two
 * hubs moving at once move each row once (SKIP LOCKED), and rows moved by a hub that died before
 * deleting them move on, on H2 and PostgreSQL alike.
 */
class DueDeliveriesIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void dueRowsMoveOnceAndFailedMovesWait(TestDatabase database, @TempDir Path dir)
      throws Exception {
    try (TestHub hub = new TestHub(dir, database).withoutSending().start()) {
      DataSource dataSource = hub.bean("dataSource", DataSource.class);
      DueDeliveries dues = new DueDeliveries(dataSource, JSON);
      Instant now = Instant.now();
      List<Due> rows = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        rows.add(due("dlv_" + i, now.minusSeconds(40 - i)));
      }
      rows.add(due("dlv_later", now.plus(Duration.ofHours(3))));
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        dues.insert(c, rows);
        c.commit();
      }
      assertThat(dues.count()).isEqualTo(41);
      assertThat(dues.nextDue()).hasValueSatisfying(at -> assertThat(at).isBefore(now));

      assertThatThrownBy(
              () ->
                  dues.moveDue(
                      now,
                      10,
                      claimed -> {
                        throw new IllegalStateException("broker down");
                      }))
          .hasMessage("broker down");
      assertThat(dues.count()).as("a failed move leaves its rows").isEqualTo(41);

      // Two movers at once, each holding its claim a while: no row is moved twice.
      List<String> moved = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch bothClaimed = new CountDownLatch(2);
      ExecutorService movers = Executors.newFixedThreadPool(2);
      try {
        List<Future<Integer>> counts = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
          counts.add(
              movers.submit(
                  () ->
                      dues.moveDue(
                          now,
                          15,
                          claimed -> {
                            bothClaimed.countDown();
                            bothClaimed.await(2, TimeUnit.SECONDS);
                            claimed.stream().map(c -> c.due().deliveryId()).forEach(moved::add);
                          })));
        }
        // PostgreSQL gives the second mover the next 15 rows; H2 applies the limit before it
        // skips locked rows, so there the second mover finds none this round. Either way no row
        // is moved twice.
        int both = counts.get(0).get() + counts.get(1).get();
        assertThat(both).isBetween(15, 30);
      } finally {
        movers.shutdownNow();
      }
      assertThat(moved).doesNotHaveDuplicates().contains("dlv_0", "dlv_14");

      List<Claimed> rest = new ArrayList<>();
      assertThat(dues.moveDue(now, 100, rest::addAll)).isEqualTo(40 - moved.size());
      rest.stream().map(c -> c.due().deliveryId()).forEach(moved::add);
      assertThat(moved).doesNotHaveDuplicates().hasSize(40).doesNotContain("dlv_later");
      assertThat(rest.get(0).due().headers())
          .containsEntry(HubHeaders.DELIVERY_ID, rest.get(0).due().deliveryId())
          .containsEntry(HubHeaders.ATTEMPT, 3);
      assertThat(rest.get(0).due().body()).isEqualTo("{\"eventId\":\"evt\"}");
      assertThat(dues.count()).isEqualTo(1);
    }
  }

  /**
   * A hub killed after its batch reached the broker and before it deleted the rows leaves them
   * waiting; the next move sends them again under the same duplicate ids. The broker refuses the
   * whole transaction then: the rows must still leave the table, each delivery on the queue once,
   * and rows claimed with them must move too (before, every poller retried that batch for ever and
   * no waiting delivery of any subscription moved again).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void rowsMovedBeforeACrashAreNotStuck(TestDatabase database, @TempDir Path dir) throws Exception {
    try (TestHub hub = new TestHub(dir, database).withoutSending().start();
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory(hub.brokerTcpUrl())) {
      DataSource dataSource = hub.bean("dataSource", DataSource.class);
      DueDeliveries dues = new DueDeliveries(dataSource, JSON);
      Instant now = Instant.now();
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        dues.insert(
            c,
            List.of(
                due("dlv_moved_0", now.minusSeconds(3)),
                due("dlv_moved_1", now.minusSeconds(2)),
                due("dlv_waiting", now.minusSeconds(1))));
        c.commit();
      }
      DuePoller poller = new DuePoller(dues, broker);
      assertThatThrownBy(
              () ->
                  dues.moveDue(
                      now,
                      2,
                      claimed -> {
                        poller.send(claimed);
                        throw new IllegalStateException("killed before the delete");
                      }))
          .hasMessage("killed before the delete");
      assertThat(dues.count()).isEqualTo(3);

      assertThat(dues.moveDue(now, 10, poller::send)).isEqualTo(3);
      assertThat(dues.count()).isZero();
      assertThat(deliveriesOnTheQueue(broker))
          .containsExactlyInAnyOrder("dlv_moved_0", "dlv_moved_1", "dlv_waiting");
    }
  }

  private static List<String> deliveriesOnTheQueue(ActiveMQConnectionFactory broker)
      throws Exception {
    List<String> ids = new ArrayList<>();
    try (jakarta.jms.Connection connection = broker.createConnection();
        jakarta.jms.Session session =
            connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.QueueBrowser browser =
            session.createBrowser(session.createQueue(HubQueues.DELIVERIES))) {
      connection.start();
      var messages = browser.getEnumeration();
      while (messages.hasMoreElements()) {
        ids.add(
            ((jakarta.jms.Message) messages.nextElement())
                .getStringProperty(HubHeaders.DELIVERY_ID));
      }
    }
    return ids;
  }

  private static Due due(String deliveryId, Instant at) {
    return new Due(
        deliveryId,
        "sub_1",
        at,
        Map.of(
            HubHeaders.DELIVERY_ID, deliveryId, HubHeaders.ATTEMPT, 3, HubHeaders.GROUP, "sub_1"),
        "{\"eventId\":\"evt\"}");
  }
}
