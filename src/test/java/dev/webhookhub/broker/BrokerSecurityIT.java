package dev.webhookhub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.testing.HubEvents;
import dev.webhookhub.testing.LogCapture;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.file.Path;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker bound to every interface: only its users get in, and the producer user may
 * send to {@code hub.ingest.*} only. The hub's own in-VM connection keeps working with its user.
 * (The default, 127.0.0.1 without users, is what every other test's anonymous clients use.)
 */
class BrokerSecurityIT {

  private static final String HUB_PASSWORD = "hub-broker-password-0123";
  private static final String PRODUCER_PASSWORD = "crm-producer-password-0123";
  private static final String DEFERRED = SeedSamples.read("fitmetrics/message_deferred.json");

  @Test
  void anExposedBrokerAdmitsItsUsersOnlyAndProducersOnlyToIngestQueues(@TempDir Path dir)
      throws Exception {
    try (LogCapture log = LogCapture.start();
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .ingestOnly()
                .with("hub.broker.host", "0.0.0.0")
                .with("hub.broker.user", "hub")
                .with("hub.broker.password", HUB_PASSWORD)
                .with("hub.broker.producer-user", "crm")
                .with("hub.broker.producer-password", PRODUCER_PASSWORD)
                .with("hub.source.fitmetrics.organization-id", "org-fm")
                .start();
        HubEvents events = new HubEvents(hub)) {
      ConnectionFactory amqp = new JmsConnectionFactory("amqp://127.0.0.1:" + hub.brokerPort());
      ConnectionFactory core = new ActiveMQConnectionFactory(hub.brokerTcpUrl());

      // Nobody gets in anonymously or with a wrong password, over AMQP or the core protocol.
      assertThatThrownBy(() -> open(amqp, null, null)).isInstanceOf(JMSSecurityException.class);
      assertThatThrownBy(() -> open(core, null, null)).isInstanceOf(JMSSecurityException.class);
      assertThatThrownBy(() -> open(amqp, "crm", "wrong-password"))
          .isInstanceOf(JMSSecurityException.class);

      // The producer sends a source message; the hub, on its in-VM connection, takes it in.
      try (Connection producer = open(amqp, "crm", PRODUCER_PASSWORD)) {
        Session session = producer.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session
            .createProducer(session.createQueue("hub.ingest.fitmetrics"))
            .send(session.createTextMessage(DEFERRED));
        assertThat(events.next().path("source").asText()).isEqualTo("fitmetrics");

        // ... and may do nothing else: no sending past ingest, no consuming, not even its own.
        assertThatThrownBy(
                () ->
                    session
                        .createProducer(session.createQueue("hub.events"))
                        .send(session.createTextMessage("{}")))
            .isInstanceOf(JMSException.class)
            .hasMessageContaining("does not have permission");
        assertThatThrownBy(
                () ->
                    session
                        .createProducer(session.createQueue("hub.ingest.invalid"))
                        .send(session.createTextMessage("{}")))
            .isInstanceOf(JMSException.class)
            .hasMessageContaining("does not have permission");
        assertThatThrownBy(
                () -> session.createConsumer(session.createQueue("hub.ingest.fitmetrics")))
            .isInstanceOf(JMSException.class)
            .hasMessageContaining("does not have permission");
        assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.events")))
            .isInstanceOf(JMSException.class)
            .hasMessageContaining("does not have permission");
      }

      // The hub's own user may do anything, from outside too.
      try (Connection own = open(core, "hub", HUB_PASSWORD)) {
        Session session = own.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue("hub.ingest.invalid")).close();
      }
      assertThat(events.poll(500)).isNull();
      assertThat(log.text())
          .contains("users required")
          .doesNotContain(HUB_PASSWORD, PRODUCER_PASSWORD);
    }
  }

  private static Connection open(ConnectionFactory factory, String user, String password)
      throws Exception {
    Connection connection =
        user == null ? factory.createConnection() : factory.createConnection(user, password);
    try {
      connection.start();
      return connection;
    } catch (Exception e) {
      connection.close();
      throw e;
    }
  }
}
