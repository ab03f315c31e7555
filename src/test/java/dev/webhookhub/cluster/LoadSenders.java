package dev.webhookhub.cluster;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Sends the check's events the way the source systems would: HTTP to any hub (another one when a
 * hub is down: the sender retries, and the hub drops the copy if the first try got through), JMS to
 * the broker, rows into the outbox. Each (source, organization) stream is sent in order by one
 * thread, which is what the hub's order guarantee assumes of a source.
 */
final class LoadSenders {

  /** How long one HTTP event may keep failing (a hub restarting) before the check gives up. */
  private static final Duration HTTP_GIVE_UP = Duration.ofMinutes(3);

  private static final int BATCH = 50;

  private final ClusterTopology cluster;
  private final AtomicInteger accepted;
  private final AtomicInteger httpRetries = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  LoadSenders(ClusterTopology cluster, AtomicInteger accepted) {
    this.cluster = cluster;
    this.accepted = accepted;
  }

  int httpRetries() {
    return httpRetries.get();
  }

  /** One organization's HTTP events, in order; organizations are spread over the hubs. */
  void http(List<LoadEvent> events) throws Exception {
    for (LoadEvent event : events) {
      int hub = Integer.parseInt(event.organization()) % cluster.hubs();
      long giveUp = System.nanoTime() + HTTP_GIVE_UP.toNanos();
      while (!sentOverHttp(event, hub + 1)) {
        httpRetries.incrementAndGet();
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException("No hub took " + event.way() + " " + event.seq());
        }
        hub = (hub + 1) % cluster.hubs();
        // A refused connection returns at once: pace the tries while a hub restarts.
        Thread.sleep(200);
      }
      accepted.incrementAndGet();
    }
  }

  private boolean sentOverHttp(LoadEvent event, int hub) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(cluster.httpUrl(hub, "/ingest/" + event.way().source)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event.body()))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 202) {
        return true;
      }
      if (response.statusCode() >= 500 || response.statusCode() == 404) {
        // 503: broker or database unreachable; 404: a hub still starting its routes.
        return false;
      }
      throw new IllegalStateException(
          "Ingest answered " + response.statusCode() + ": " + response.body());
    } catch (IOException e) {
      return false;
    }
  }

  /** Every JMS event, in order, in transactions of {@value #BATCH} messages. */
  void jms(List<LoadEvent> events) throws Exception {
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(cluster.brokerUrl());
    try (factory;
        Connection connection =
            factory.createConnection(cluster.brokerUser(), cluster.brokerPassword())) {
      Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
      MessageProducer producer = session.createProducer(null);
      int inBatch = 0;
      for (LoadEvent event : events) {
        TextMessage message = session.createTextMessage(event.body());
        message.setStringProperty("HubOrganizationId", event.organization());
        producer.send(session.createQueue("hub.ingest." + event.way().source), message);
        if (++inBatch == BATCH) {
          session.commit();
          accepted.addAndGet(inBatch);
          inBatch = 0;
        }
      }
      session.commit();
      accepted.addAndGet(inBatch);
    }
  }

  /** Every outbox event, in order, as the writing system's own transactions of a few rows. */
  void outbox(List<LoadEvent> events) throws Exception {
    try (java.sql.Connection db =
            DriverManager.getConnection(cluster.dbUrl(), cluster.dbUser(), cluster.dbPassword());
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO hub_outbox (source, payload, organization_id) VALUES (?, ?, ?)")) {
      db.setAutoCommit(false);
      int inBatch = 0;
      for (LoadEvent event : events) {
        insert.setString(1, event.way().source);
        insert.setString(2, event.body());
        insert.setString(3, event.organization());
        insert.addBatch();
        if (++inBatch == BATCH) {
          insert.executeBatch();
          db.commit();
          accepted.addAndGet(inBatch);
          inBatch = 0;
        }
      }
      insert.executeBatch();
      db.commit();
      accepted.addAndGet(inBatch);
    }
  }
}
