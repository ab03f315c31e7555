package dev.webhookhub.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * Reads the depth of every {@code hub.*} queue with one Artemis management request sent over JMS
 * (the broker's {@code listQueues} operation on {@code activemq.management}). The same request
 * works for the embedded broker and a standalone one, where the hub's user then needs the {@code
 * manage} permission on {@code activemq.management}; it is also the broker readiness check, because
 * it makes the broker answer, where a pooled session would not.
 */
final class QueueDepths {

  private static final String MANAGEMENT_QUEUE = "activemq.management";
  private static final String HUB_QUEUES =
      "{\"field\":\"name\",\"operation\":\"CONTAINS\",\"value\":\"hub.\"}";

  private final ConnectionFactory connections;
  private final ObjectMapper json;
  private final Duration wait;
  private Requestor requestor;

  QueueDepths(ConnectionFactory connections, ObjectMapper json, Duration wait) {
    this.connections = connections;
    this.json = json;
    this.wait = wait;
  }

  /**
   * @return messages per queue name
   * @throws BrokerRefusedException if the broker answered but refused the request (permissions)
   * @throws Exception if the broker cannot be reached or did not answer within the wait
   */
  synchronized Map<String, Long> read() throws Exception {
    try {
      if (requestor == null) {
        requestor = Requestor.open(connections.createConnection());
      }
      Message answer = requestor.request(wait);
      Object result = JMSManagementHelper.getResult(answer, String.class);
      if (!JMSManagementHelper.hasOperationSucceeded(answer)) {
        throw new BrokerRefusedException(String.valueOf(result));
      }
      return depths(String.valueOf(result));
    } catch (JMSException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Ends the session and its reply queue; the next read opens new ones. */
  synchronized void close() {
    if (requestor != null) {
      try {
        requestor.connection().close();
      } catch (JMSException e) {
        // the broker is gone already: nothing left to close
      }
      requestor = null;
    }
  }

  /**
   * One session and one temporary reply queue kept for the hub's life: a temporary queue per
   * request would make the broker log a warning for each (it has no dead-letter address).
   */
  private record Requestor(
      Connection connection,
      Session session,
      MessageProducer producer,
      MessageConsumer replies,
      TemporaryQueue replyQueue) {

    static Requestor open(Connection connection) throws JMSException {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      TemporaryQueue replyQueue = session.createTemporaryQueue();
      Requestor requestor =
          new Requestor(
              connection,
              session,
              session.createProducer(session.createQueue(MANAGEMENT_QUEUE)),
              session.createConsumer(replyQueue),
              replyQueue);
      connection.start();
      return requestor;
    }

    Message request(Duration wait) throws Exception {
      // An answer that came after an earlier request gave up must not answer this one.
      while (replies.receiveNoWait() != null) {
        // drop it
      }
      Message request = session.createMessage();
      JMSManagementHelper.putOperationInvocation(
          request, "broker", "listQueues", HUB_QUEUES, 1, 10_000);
      request.setJMSReplyTo(replyQueue);
      producer.send(request);
      Message answer = replies.receive(wait.toMillis());
      if (answer == null) {
        throw new IllegalStateException(
            "the broker did not answer a management request within " + wait.toMillis() + " ms");
      }
      return answer;
    }
  }

  private Map<String, Long> depths(String listing) throws Exception {
    Map<String, Long> depths = new TreeMap<>();
    for (JsonNode queue : json.readTree(listing).path("data")) {
      String name = queue.path("name").asText();
      if (name.startsWith("hub.")) {
        depths.put(name, queue.path("messageCount").asLong());
      }
    }
    return depths;
  }

  /** The broker answered, but would not list its queues (typically: no manage permission). */
  static final class BrokerRefusedException extends Exception {
    BrokerRefusedException(String message) {
      super(message);
    }
  }
}
