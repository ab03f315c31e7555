package dev.webhookhub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  private final JdbcDataSource dataSource = new JdbcDataSource();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final CountDownLatch firstBatchHeld = new CountDownLatch(1);
  private final ExecutorService callers = Executors.newFixedThreadPool(8);
  private Connection keepAlive;
  private GroupCommit<String> commits;

  @BeforeEach
  void createTable() throws SQLException {
    dataSource.setURL("jdbc:h2:mem:group-commit-" + System.nanoTime());
    keepAlive = dataSource.getConnection();
    try (Statement create = keepAlive.createStatement()) {
      create.execute("CREATE TABLE item (name VARCHAR(40) PRIMARY KEY)");
    }
    commits = new GroupCommit<>(dataSource, "test writes", 50, this::insert);
    commits.start();
  }

  @AfterEach
  void close() throws SQLException {
    gate.countDown();
    callers.shutdownNow();
    commits.stop();
    keepAlive.close();
  }

  /** Inserts the batch; the first waits for the gate, and a row named "bad" fails its batch. */
  private void insert(Connection connection, List<String> batch) throws SQLException {
    if (batchSizes.isEmpty()) {
      firstBatchHeld.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    batchSizes.add(batch.size());
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?)")) {
      for (String name : batch) {
        if (name.equals("bad")) {
          throw new SQLException("bad row");
        }
        insert.setString(1, name);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Test
  void callersWaitingTogetherShareOneCommitAndReturnOnlyOnceItIsDone() throws Exception {
    Future<?> first = callers.submit(() -> write("first"));
    assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<?>> others = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String name = "row-" + i;
      others.add(callers.submit(() -> write(name)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> commits.waiting() == 7);
    assertThat(rows()).as("nothing returns before its commit").isZero();
    assertThat(first.isDone()).isFalse();

    gate.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> other : others) {
      other.get(10, TimeUnit.SECONDS);
    }
    assertThat(rows()).isEqualTo(8);
    assertThat(batchSizes).containsExactly(1, 7);
  }

  @Test
  void aFailedBatchFailsEveryCallerInItAndTheNextBatchGoesOn() throws Exception {
    Future<?> first = callers.submit(() -> write("first"));
    assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
    Future<?> good = callers.submit(() -> write("good"));
    await().atMost(Duration.ofSeconds(10)).until(() -> commits.waiting() == 1);
    Future<?> bad = callers.submit(() -> write("bad"));
    await().atMost(Duration.ofSeconds(10)).until(() -> commits.waiting() == 2);
    gate.countDown();
    first.get(10, TimeUnit.SECONDS);

    for (Future<?> failed : List.of(good, bad)) {
      assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(SQLException.class)
          .hasRootCauseMessage("bad row");
    }
    assertThat(rows()).as("the failed batch is rolled back whole").isEqualTo(1);
    commits.write("after");
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void aStoppedWriterRefusesWrites() throws Exception {
    gate.countDown();
    commits.write("before");
    commits.stop();
    assertThatThrownBy(() -> commits.write("after"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("not running");
    assertThat(rows()).isEqualTo(1);
  }

  private Void write(String name) throws SQLException {
    commits.write(name);
    return null;
  }

  private int rows() throws SQLException {
    try (Statement count = keepAlive.createStatement();
        ResultSet rs = count.executeQuery("SELECT COUNT(*) FROM item")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
