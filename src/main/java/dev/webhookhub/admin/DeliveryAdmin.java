package dev.webhookhub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.admin.AdminApiRoutes.Endpoint;
import dev.webhookhub.delivery.DeadLetters;
import dev.webhookhub.delivery.Deliveries;
import dev.webhookhub.delivery.DeliveryRecords;
import dev.webhookhub.delivery.Redelivery;
import dev.webhookhub.http.ProblemException;
import dev.webhookhub.subscription.Subscription;
import dev.webhookhub.subscription.SubscriptionStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;

/** The operator's side of delivery: what happened to each delivery, and putting them back. */
public final class DeliveryAdmin {

  private static final Set<String> STATUSES =
      Set.of("pending", "retrying", "delivered", "dead", "skipped_disabled", "dropped");

  private final DeliveryRecords records;
  private final DeadLetters deadLetters;
  private final Redelivery redelivery;
  private final SubscriptionStore subscriptions;
  private final JsonExchanges io;

  public DeliveryAdmin(
      DeliveryRecords records,
      DeadLetters deadLetters,
      Redelivery redelivery,
      SubscriptionStore subscriptions,
      ObjectMapper json) {
    this.records = records;
    this.deadLetters = deadLetters;
    this.redelivery = redelivery;
    this.subscriptions = subscriptions;
    this.io = new JsonExchanges(json);
  }

  public List<Endpoint> endpoints() {
    return List.of(
        new Endpoint("get", "/deliveries", "list-deliveries", this::list),
        new Endpoint("get", "/deliveries/{id}", "get-delivery", this::get),
        new Endpoint("post", "/deliveries/{id}/replay", "replay-delivery", this::replay),
        new Endpoint("get", "/dead-letters", "list-dead-letters", this::deadLetters),
        new Endpoint("post", "/dead-letters/{id}/redrive", "redrive-dead-letter", this::redriveOne),
        new Endpoint("post", "/subscriptions/{id}/redrive", "redrive-subscription", this::redrive),
        new Endpoint("post", "/subscriptions/{id}/recover", "recover-subscription", this::recover),
        new Endpoint("post", "/events/replay", "replay-events", this::replayEvents));
  }

  private void list(Exchange exchange) throws Exception {
    String status = io.queryParam(exchange, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw JsonExchanges.invalidRequest("status", "must be one of " + STATUSES);
    }
    reply(exchange, query(exchange, status));
  }

  /**
   * Dead deliveries, and the messages the broker dead-lettered before they became deliveries (an
   * event whose fan-out failed: {@code "kind": "message"}), newest first.
   */
  private void deadLetters(Exchange exchange) throws Exception {
    DeliveryRecords.Query query = query(exchange, "dead");
    List<ObjectNode> found = new ArrayList<>();
    records.list(query).forEach(d -> found.add(d.put("kind", "delivery")));
    if (query.subscriptionId() == null) {
      found.addAll(deadLetters.list(query.eventId(), query.since(), query.until(), query.limit()));
    }
    found.sort(
        Comparator.comparing((ObjectNode d) -> Instant.parse(d.path("createdAt").asText()))
            .reversed());
    ObjectNode answer = io.mapper().createObjectNode();
    found.stream().limit(query.limit()).forEach(answer.putArray("data")::add);
    io.reply(exchange, 200, answer);
  }

  /**
   * One dead letter back on its way: a dead delivery is sent again (its subscription must be
   * enabled), any other message goes back to the queue it came from, an event to fan-out.
   */
  private void redriveOne(Exchange exchange) throws Exception {
    String id = io.pathParam(exchange, "id");
    var delivery = records.find(id);
    if (delivery.isPresent()) {
      if (!delivery.get().path("status").asText().equals("dead")) {
        throw notDead(id, delivery.get().path("status").asText());
      }
      replay(exchange);
      return;
    }
    ObjectNode letter =
        deadLetters.find(id).orElseThrow(() -> JsonExchanges.notFound("dead letter", id));
    if (!deadLetters.redrive(id)) {
      throw notDead(id, letter.path("status").asText());
    }
    io.reply(exchange, 202, io.mapper().createObjectNode().put("queued", 1));
  }

  private static ProblemException notDead(String id, String status) {
    return new ProblemException(
        409,
        "not-dead",
        "Not a dead letter",
        id + " is " + status + ", not dead: nothing to redrive");
  }

  private DeliveryRecords.Query query(Exchange exchange, String status) {
    String limit = io.queryParam(exchange, "limit");
    int max = 100;
    if (limit != null) {
      try {
        max = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > 1000) {
        throw JsonExchanges.invalidRequest("limit", "must be a whole number from 1 to 1000");
      }
    }
    return new DeliveryRecords.Query(
        io.queryParam(exchange, "subscriptionId"),
        io.queryParam(exchange, "eventId"),
        status,
        instant(io.queryParam(exchange, "since"), "since"),
        instant(io.queryParam(exchange, "until"), "until"),
        max);
  }

  private void reply(Exchange exchange, DeliveryRecords.Query query) throws Exception {
    ObjectNode answer = io.mapper().createObjectNode();
    var data = answer.putArray("data");
    records.list(query).forEach(data::add);
    io.reply(exchange, 200, answer);
  }

  private void get(Exchange exchange) throws Exception {
    String id = io.pathParam(exchange, "id");
    io.reply(
        exchange, 200, records.find(id).orElseThrow(() -> JsonExchanges.notFound("delivery", id)));
  }

  private void replay(Exchange exchange) throws Exception {
    String id = io.pathParam(exchange, "id");
    JsonNode delivery = records.find(id).orElseThrow(() -> JsonExchanges.notFound("delivery", id));
    if (Deliveries.isTest(id)) {
      throw new ProblemException(
          409,
          "test-delivery",
          "Test delivery",
          id
              + " delivered a test event, which the hub never stores: it cannot be sent again;"
              + " send a new one with POST /api/subscriptions/{id}/test");
    }
    enabledSubscription(delivery.path("subscriptionId").asText());
    if (!redelivery.replay(id)) {
      throw new ProblemException(
          410, "event-expired", "Event expired", "the event of " + id + " is past its retention");
    }
    io.reply(exchange, 202, io.mapper().createObjectNode().put("queued", 1));
  }

  private void redrive(Exchange exchange) throws Exception {
    Subscription s = enabledSubscription(io.pathParam(exchange, "id"));
    int queued = redelivery.resend(s.id(), List.of("dead"), null);
    io.reply(exchange, 202, io.mapper().createObjectNode().put("queued", queued));
  }

  private void recover(Exchange exchange) throws Exception {
    Subscription s = enabledSubscription(io.pathParam(exchange, "id"));
    Instant since = instant(io.body(exchange).path("since").asText(null), "since");
    if (since == null) {
      // Required, as the API document says: "everything ever" could resend weeks of deliveries
      // that receivers have long given up on, so the operator names the moment.
      throw JsonExchanges.invalidRequest(
          "since",
          "is required: send {\"since\": \"2026-01-31T00:00:00Z\"} to send again what went dead,"
              + " was skipped while disabled, or was dropped since that instant");
    }
    int queued = redelivery.resend(s.id(), List.of("dead", "skipped_disabled", "dropped"), since);
    io.reply(exchange, 202, io.mapper().createObjectNode().put("queued", queued));
  }

  private void replayEvents(Exchange exchange) throws Exception {
    JsonNode body = io.body(exchange);
    Instant from = instant(body.path("from").asText(null), "from");
    Instant to = instant(body.path("to").asText(null), "to");
    if (from == null || to == null || !from.isBefore(to)) {
      throw JsonExchanges.invalidRequest("from", "and to are required, from before to");
    }
    String subscriptionId = JsonExchanges.idField(body, "subscriptionId");
    if (subscriptionId != null) {
      enabledSubscription(subscriptionId);
    }
    int queued = redelivery.replayEvents(from, to, subscriptionId);
    io.reply(exchange, 202, io.mapper().createObjectNode().put("queued", queued));
  }

  private Subscription enabledSubscription(String id) throws Exception {
    Subscription s =
        subscriptions.find(id).orElseThrow(() -> JsonExchanges.notFound("subscription", id));
    if (!s.enabled()) {
      throw new ProblemException(
          409,
          "subscription-disabled",
          "Subscription disabled",
          "subscription " + id + " is disabled; enable it before sending to it again");
    }
    return s;
  }

  private static Instant instant(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw JsonExchanges.invalidRequest(
          field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }
}
