package dev.webhookhub.cluster;

import dev.webhookhub.cluster.LoadEvent.Way;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Sends the check's events the way the source systems would: HTTP to any hub (another one when a
 * hub is down: the sender retries, and the hub drops the copy if the first try got through), JMS to
 * the broker, rows into the outbox. Each (source, organization) stream is sent in order by one
 * thread, which is what the hub's order guarantee assumes of a source.
 */
public final class LoadSenders {

  /** How long one event may keep failing (a hub restarting) before the check gives up. */
  private static final Duration GIVE_UP = Duration.ofMinutes(3);

  private static final int BATCH = 50;

  private final LoadTarget target;
  private final AtomicInteger accepted;
  private final AtomicInteger httpRetries = new AtomicInteger();
  private final AtomicInteger jmsRetries = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  public LoadSenders(LoadTarget target, AtomicInteger accepted) {
    this.target = target;
    this.accepted = accepted;
  }

  public int httpRetries() {
    return httpRetries.get();
  }

  /** JMS batches sent again after the broker failed them. */
  public int jmsRetries() {
    return jmsRetries.get();
  }

  /**
   * Sends {@code events} of the given ways, each (source, organization) stream in order on a thread
   * of its own: one per organization for HTTP, one for JMS, one for the outbox.
   *
   * @return one future per thread, failed if its stream could not be sent
   */
  public List<Future<?>> start(List<LoadEvent> events, int organizations, Set<Way> ways) {
    ExecutorService pool = Executors.newFixedThreadPool(organizations + 2);
    List<Future<?>> sending = new ArrayList<>();
    if (ways.contains(Way.HTTP)) {
      for (int org = 1; org <= organizations; org++) {
        String organization = String.valueOf(org);
        List<LoadEvent> stream =
            events.stream()
                .filter(e -> e.way() == Way.HTTP && e.organization().equals(organization))
                .toList();
        sending.add(pool.submit(() -> send(this::http, stream)));
      }
    }
    if (ways.contains(Way.JMS)) {
      List<LoadEvent> jms = events.stream().filter(e -> e.way() == Way.JMS).toList();
      sending.add(pool.submit(() -> send(this::jms, jms)));
    }
    if (ways.contains(Way.OUTBOX)) {
      List<LoadEvent> outbox = events.stream().filter(e -> e.way() == Way.OUTBOX).toList();
      sending.add(pool.submit(() -> send(this::outbox, outbox)));
    }
    pool.shutdown();
    return sending;
  }

  /** One way of sending a stream of events. */
  private interface Stream {
    void send(List<LoadEvent> events) throws Exception;
  }

  private static Void send(Stream stream, List<LoadEvent> events) throws Exception {
    stream.send(events);
    return null;
  }

  /** One organization's HTTP events, in order; organizations are spread over the hubs. */
  public void http(List<LoadEvent> events) throws Exception {
    for (LoadEvent event : events) {
      int hub = Integer.parseInt(event.organization()) % target.hubs();
      long giveUp = System.nanoTime() + GIVE_UP.toNanos();
      while (!sentOverHttp(event, hub + 1)) {
        httpRetries.incrementAndGet();
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException("No hub took " + event.way() + " " + event.seq());
        }
        hub = (hub + 1) % target.hubs();
        // A refused connection returns at once: pace the tries while a hub restarts.
        Thread.sleep(200);
      }
      accepted.incrementAndGet();
    }
  }

  private boolean sentOverHttp(LoadEvent event, int hub) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target.httpUrl(hub, "/ingest/" + event.way().source)))
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

  /**
   * Every JMS event, in order, in transactions of {@value #BATCH} messages. A batch whose send or
   * commit failed (the broker went away with the hub that embeds it) is sent again on a new
   * connection: the hub drops the copies of events it already took.
   */
  public void jms(List<LoadEvent> events) throws Exception {
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(target.brokerUrl());
    Connection connection = null;
    try (factory) {
      for (int from = 0; from < events.size(); from += BATCH) {
        List<LoadEvent> batch = events.subList(from, Math.min(events.size(), from + BATCH));
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
          try {
            if (connection == null) {
              connection = factory.createConnection(target.brokerUser(), target.brokerPassword());
            }
            sendBatch(connection, batch);
            break;
          } catch (JMSException e) {
            jmsRetries.incrementAndGet();
            close(connection);
            connection = null;
            if (System.nanoTime() > giveUp) {
              throw new IllegalStateException("The broker did not take JMS event " + from, e);
            }
            Thread.sleep(500);
          }
        }
        accepted.addAndGet(batch.size());
      }
    } finally {
      close(connection);
    }
  }

  private static void sendBatch(Connection connection, List<LoadEvent> batch) throws JMSException {
    try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
      MessageProducer producer = session.createProducer(null);
      for (LoadEvent event : batch) {
        TextMessage message = session.createTextMessage(event.body());
        message.setStringProperty("HubOrganizationId", event.organization());
        producer.send(session.createQueue("hub.ingest." + event.way().source), message);
      }
      session.commit();
    }
  }

  private static void close(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (JMSException alreadyBroken) {
        // a connection to a broker that went away: nothing left to close cleanly
      }
    }
  }

  /** Every outbox event, in order, as the writing system's own transactions of a few rows. */
  public void outbox(List<LoadEvent> events) throws Exception {
    try (java.sql.Connection db = target.connectDatabase();
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
