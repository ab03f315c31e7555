package dev.webhookhub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.broker.BatchConsumer;
import dev.webhookhub.queue.DeliveryMessages;
import dev.webhookhub.queue.DeliveryMessages.DeliveryHeaders;
import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.queue.HubQueues;
import dev.webhookhub.subscription.Subscription;
import dev.webhookhub.subscription.SubscriptionMatcher;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hub.events} → one message per matching subscription on {@code hub.deliveries}, sent in the
 * transaction that consumes the event: the fan-out happens whole or not at all. Events are taken in
 * batches ({@link BatchConsumer}), so that one broker commit and one database commit serve many
 * events; a batch is whole or not at all too.
 *
 * <p>Events of one organization arrive in order (they are grouped by organization on {@code
 * hub.events}), and each consumer handles its batch in order, so each subscription's deliveries are
 * queued in event order even with several consumers.
 */
public final class FanOut implements BatchConsumer.Handler {

  /** One event as consumed: its envelope, and the message that carried it. */
  private record Consumed(JsonNode envelope, String text, String ref, String eventId) {}

  private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

  /** How often a fan-out waiting for the database checks it again. */
  private static final long DATABASE_RECHECK_MILLIS = 500;

  private final SubscriptionMatcher matcher;
  private final FanOutRecorder recorder;
  private final DeliveryLog deliveries;
  private final DataSource dataSource;
  private final ObjectMapper json;
  private final CamelContext context;
  private final JmsBinding binding;

  public FanOut(
      SubscriptionMatcher matcher,
      FanOutRecorder recorder,
      DeliveryLog deliveries,
      DataSource dataSource,
      ObjectMapper json,
      CamelContext context) {
    this.matcher = matcher;
    this.recorder = recorder;
    this.deliveries = deliveries;
    this.dataSource = dataSource;
    this.json = json;
    this.context = context;
    // The binding camel-jms sends with, so a delivery carries the same JMS properties as one sent
    // by a route (DeliveryMessages.enqueue, a retry).
    this.binding =
        context.getEndpoint(HubQueues.send(HubQueues.DELIVERIES), JmsEndpoint.class).getBinding();
  }

  /**
   * The consumers of {@code hub.events}; a fan-out that fails on its own is noted for its dead
   * letter's record.
   */
  public BatchConsumer consumer(
      ConnectionFactory factory, int consumers, int maxBatch, StageFailures failures) {
    return new BatchConsumer(
        factory,
        HubQueues.EVENTS,
        consumers,
        maxBatch,
        this,
        (message, failure) -> failures.note(HubQueues.EVENTS, headers(message), failure));
  }

  @Override
  public void handle(Session session, List<Message> batch) throws Exception {
    // A second copy of an event is skipped, here or when another message already fanned it out,
    // rather than left to the broker's duplicate detection: a duplicate send fails the whole
    // transaction, and the event would be redelivered until it was dead-lettered.
    Map<String, Consumed> events = new LinkedHashMap<>();
    for (Message message : batch) {
      Consumed event = consumed(message);
      events.putIfAbsent(event.eventId(), event);
    }
    List<FanOutRecorder.Fanned> fanned = new ArrayList<>();
    List<DeliveryLog.Identity> skipped = new ArrayList<>();
    List<String> skippedReasons = new ArrayList<>();
    try (Connection db = dataSource.getConnection()) {
      db.setAutoCommit(false);
      Map<String, String> refs = new LinkedHashMap<>();
      events.values().forEach(e -> refs.put(e.eventId(), e.ref()));
      Set<String> done = recorder.fannedOutByOthers(db, refs);
      Destination queue = session.createQueue(HubQueues.DELIVERIES);
      try (MessageProducer producer = session.createProducer(null)) {
        for (Consumed event : events.values()) {
          if (done.contains(event.eventId())) {
            continue;
          }
          String eventType = event.envelope().path("eventType").asText();
          int sent = 0;
          for (Subscription subscription : matcher.match(event.envelope())) {
            DeliveryHeaders delivery =
                new DeliveryHeaders(
                    Deliveries.deliveryId(event.eventId(), subscription.id()),
                    event.eventId(),
                    eventType,
                    subscription.id());
            if (subscription.enabled()) {
              producer.send(queue, delivery(session, delivery, event.text()));
              sent++;
            } else {
              skipped.add(
                  new DeliveryLog.Identity(
                      delivery.deliveryId(), event.eventId(), subscription.id(), eventType));
              skippedReasons.add("subscription disabled: " + subscription.disabledReason());
            }
          }
          fanned.add(new FanOutRecorder.Fanned(recorded(event), sent, event.ref()));
        }
      }
      recorder.record(db, fanned);
      db.commit();
    }
    for (int i = 0; i < skipped.size(); i++) {
      deliveries.decision(
          skipped.get(i), DeliveryLog.Status.SKIPPED_DISABLED, 0, skippedReasons.get(i));
    }
  }

  /**
   * A batch that failed because the database cannot be reached waits here until it can: without
   * this, a database outage made the broker redeliver each event at once, and after its tenth
   * rollback the event was dead-lettered (issue 12). One line when it starts waiting, one when it
   * goes on.
   */
  @Override
  public boolean awaitedRecovery(Exception failure) throws InterruptedException {
    if (!causedBy(failure, SQLException.class)) {
      return false;
    }
    long since = System.nanoTime();
    LOG.warn("Fan-out waits for the database: {}", StageFailures.describe(failure));
    while (!databaseAnswers()) {
      Thread.sleep(DATABASE_RECHECK_MILLIS);
    }
    LOG.warn(
        "Fan-out goes on, the database answers again after {} s",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since));
    return true;
  }

  private boolean databaseAnswers() {
    try (Connection db = dataSource.getConnection()) {
      return db.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private Consumed consumed(Message message) throws Exception {
    String text;
    if (message instanceof TextMessage textMessage) {
      text = textMessage.getText();
    } else if (message instanceof BytesMessage bytes) {
      byte[] body = new byte[(int) bytes.getBodyLength()];
      bytes.readBytes(body);
      text = new String(body, StandardCharsets.UTF_8);
    } else {
      throw new IllegalArgumentException("an event must be a text message, not " + message);
    }
    JsonNode envelope = json.readTree(text);
    return new Consumed(
        envelope, text, message.getJMSMessageID(), envelope.path("eventId").asText());
  }

  /** A delivery as {@link DeliveryMessages#fanOut} shapes it, made a JMS message of the session. */
  private Message delivery(Session session, DeliveryHeaders delivery, String envelope)
      throws JMSException {
    Exchange exchange = new DefaultExchange(context);
    DeliveryMessages.fanOut(exchange.getMessage(), delivery, envelope);
    return binding.makeJmsMessage(exchange, session);
  }

  private static FanOutRecorder.Event recorded(Consumed event) {
    JsonNode envelope = event.envelope();
    JsonNode location = envelope.path("locationId");
    return new FanOutRecorder.Event(
        event.eventId(),
        envelope.path("eventType").asText(),
        envelope.path("organizationId").asText(),
        location.isNull() || location.isMissingNode() ? null : location.asText(),
        envelope.path("source").asText(null),
        event.text());
  }

  /** The properties that name a failed event for its dead letter. */
  private static Map<String, Object> headers(Message message) {
    Map<String, Object> headers = new LinkedHashMap<>();
    try {
      headers.put(HubHeaders.MESSAGE_ID, message.getJMSMessageID());
      String eventId = message.getStringProperty(HubHeaders.EVENT_ID);
      if (eventId != null) {
        headers.put(HubHeaders.EVENT_ID, eventId);
      }
    } catch (JMSException e) {
      // Named by what could be read.
    }
    return headers;
  }
}
