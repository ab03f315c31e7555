package dev.webhookhub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.admin.AdminApiRoutes.Endpoint;
import dev.webhookhub.delivery.DeadLetters;
import dev.webhookhub.delivery.Deliveries;
import dev.webhookhub.delivery.FanOutRecorder;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.http.ProblemException;
import dev.webhookhub.ops.OperationalEvents;
import dev.webhookhub.queue.DeliveryMessages;
import dev.webhookhub.queue.DeliveryMessages.DeliveryHeaders;
import dev.webhookhub.subscription.InvalidSubscriptionException;
import dev.webhookhub.subscription.SigningSecrets;
import dev.webhookhub.subscription.Subscription;
import dev.webhookhub.subscription.SubscriptionJson;
import dev.webhookhub.subscription.SubscriptionMatcher;
import dev.webhookhub.subscription.SubscriptionRequestParser;
import dev.webhookhub.subscription.SubscriptionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The subscription endpoints of the admin API. A secret is in an answer exactly twice in its life:
 * when the subscription is created and when the secret is rotated in. A connector's URL, also a
 * credential, is whole in the creation answer only.
 */
public final class SubscriptionAdmin {

  private static final String SUBSCRIPTION = "subscription";

  private final SubscriptionStore store;
  private final SubscriptionRequestParser parser;
  private final SubscriptionJson views;
  private final SubscriptionMatcher matcher;
  private final FanOutRecorder fanOut;
  private final DeadLetters deadLetters;
  private final ProducerTemplate producer;
  private final Duration rotationOverlap;
  private final OperationalEvents operations;
  private final JsonExchanges io;

  public SubscriptionAdmin(
      SubscriptionStore store,
      SubscriptionRequestParser parser,
      SubscriptionJson views,
      SubscriptionMatcher matcher,
      FanOutRecorder fanOut,
      DeadLetters deadLetters,
      ProducerTemplate producer,
      Duration rotationOverlap,
      OperationalEvents operations,
      com.fasterxml.jackson.databind.ObjectMapper json) {
    this.operations = operations;
    this.store = store;
    this.parser = parser;
    this.views = views;
    this.matcher = matcher;
    this.fanOut = fanOut;
    this.deadLetters = deadLetters;
    this.producer = producer;
    this.rotationOverlap = rotationOverlap;
    this.io = new JsonExchanges(json);
  }

  public List<Endpoint> endpoints() {
    return List.of(
        new Endpoint("post", "/subscriptions", "create-subscription", this::create),
        new Endpoint("get", "/subscriptions", "list-subscriptions", this::list),
        new Endpoint("get", "/subscriptions/{id}", "get-subscription", this::get),
        new Endpoint("put", "/subscriptions/{id}", "replace-subscription", this::replace),
        new Endpoint("patch", "/subscriptions/{id}", "update-subscription", this::update),
        new Endpoint("delete", "/subscriptions/{id}", "delete-subscription", this::delete),
        new Endpoint("post", "/subscriptions/{id}/enable", "enable-subscription", this::enable),
        new Endpoint("post", "/subscriptions/{id}/disable", "disable-subscription", this::disable),
        new Endpoint("post", "/subscriptions/{id}/rotate-secret", "rotate-secret", this::rotate),
        new Endpoint("post", "/subscriptions/{id}/test", "test-subscription", this::test),
        new Endpoint("get", "/events/{eventId}", "get-event", this::event));
  }

  private void create(Exchange exchange) throws Exception {
    JsonNode body = io.requiredBody(exchange);
    var request = parser.parse(body);
    String secret = secretOf(body);
    Subscription created = store.create(request, secret);
    matcher.invalidate();
    ObjectNode answer = views.toCreated(created);
    answer.put("secret", secret);
    io.reply(exchange, 201, answer);
    exchange.getMessage().setHeader("Location", "/api/subscriptions/" + created.id());
  }

  /** Absent: generate one. JSON null: an unsigned subscription. A string: checked, then used. */
  private static String secretOf(JsonNode body) {
    JsonNode secret = body.get("secret");
    if (secret == null) {
      return SigningSecrets.generate();
    }
    if (secret.isNull()) {
      return null;
    }
    String problem =
        secret.isTextual() ? SigningSecrets.problem(secret.asText()) : "must be a string";
    if (problem != null) {
      throw new InvalidSubscriptionException("secret", problem);
    }
    return secret.asText();
  }

  private void list(Exchange exchange) throws Exception {
    String enabled = io.queryParam(exchange, "enabled");
    if (enabled != null && !enabled.equals("true") && !enabled.equals("false")) {
      throw new InvalidSubscriptionException("enabled", "must be true or false");
    }
    List<Subscription> found =
        store.list(
            io.queryParam(exchange, "organizationId"),
            io.queryParam(exchange, "locationId"),
            enabled == null ? null : Boolean.valueOf(enabled));
    ObjectNode answer = io.mapper().createObjectNode();
    var data = answer.putArray("data");
    found.forEach(s -> data.add(views.toPublic(s)));
    io.reply(exchange, 200, answer);
  }

  private void get(Exchange exchange) throws Exception {
    io.reply(exchange, 200, views.toPublic(existing(exchange)));
  }

  private void replace(Exchange exchange) throws Exception {
    var request = parser.parse(withoutSecret(io.requiredBody(exchange)));
    answer(exchange, store.replace(id(exchange), request).orElseThrow(() -> missing(exchange)));
  }

  /** JSON merge patch (RFC 7386) over the current subscription. */
  private void update(Exchange exchange) throws Exception {
    JsonNode patch = withoutSecret(io.requiredBody(exchange));
    if (!patch.isObject()) {
      throw new InvalidSubscriptionException("body", "must be a JSON object");
    }
    ObjectNode merged = views.toRequest(existing(exchange));
    patch.fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue()));
    var request = parser.parse(merged);
    answer(exchange, store.replace(id(exchange), request).orElseThrow(() -> missing(exchange)));
  }

  private static JsonNode withoutSecret(JsonNode body) {
    if (body.has("secret")) {
      throw new InvalidSubscriptionException(
          "secret", "cannot be changed by an update; use rotate-secret");
    }
    return body;
  }

  private void delete(Exchange exchange) throws Exception {
    if (!store.delete(id(exchange))) {
      throw missing(exchange);
    }
    matcher.invalidate();
    io.reply(exchange, 204, null);
  }

  private void enable(Exchange exchange) throws Exception {
    answer(
        exchange, store.setEnabled(id(exchange), true, null).orElseThrow(() -> missing(exchange)));
  }

  private void disable(Exchange exchange) throws Exception {
    JsonNode reason = io.body(exchange).get("reason");
    String text =
        reason == null || reason.isNull() || reason.asText().isBlank()
            ? "disabled by an operator"
            : reason.asText();
    Subscription disabled =
        store.setEnabled(id(exchange), false, text).orElseThrow(() -> missing(exchange));
    operations.subscriptionDisabled(disabled, text);
    answer(exchange, disabled);
  }

  private void rotate(Exchange exchange) throws Exception {
    JsonNode body = io.body(exchange);
    String secret = body.has("secret") ? secretOf(body) : SigningSecrets.generate();
    if (secret == null) {
      throw new InvalidSubscriptionException("secret", "must be a string when given");
    }
    Duration overlap = rotationOverlap;
    if (body.hasNonNull("overlap")) {
      try {
        overlap = Duration.parse(body.get("overlap").asText());
      } catch (DateTimeParseException e) {
        throw new InvalidSubscriptionException(
            "overlap", "must be an ISO-8601 duration such as PT24H");
      }
      if (overlap.isNegative() || overlap.compareTo(Duration.ofDays(30)) > 0) {
        throw new InvalidSubscriptionException("overlap", "must be between PT0S and P30D");
      }
    }
    if (!store.rotateSecret(id(exchange), secret, overlap)) {
      throw missing(exchange);
    }
    ObjectNode answer = io.mapper().createObjectNode();
    answer.put("id", id(exchange));
    answer.put("secret", secret);
    answer.put(
        "previousSecretsExpireAt",
        Instant.now().plus(overlap).truncatedTo(ChronoUnit.SECONDS).toString());
    io.reply(exchange, 200, answer);
  }

  /** Sends a made-up event of the chosen type to this one subscription, whatever its patterns. */
  private void test(Exchange exchange) throws Exception {
    Subscription subscription = existing(exchange);
    JsonNode body = io.body(exchange);
    String eventType = body.path("eventType").asText("hub.test");
    if (!eventType.matches("[a-z0-9_]+(\\.[a-z0-9_]+)+")) {
      throw JsonExchanges.invalidRequest("eventType", "must be a dotted type such as lead.created");
    }
    JsonNode data = body.get("data");
    if (data == null || data.isNull()) {
      data = io.mapper().createObjectNode().put("test", true);
    } else if (!data.isObject()) {
      throw JsonExchanges.invalidRequest("data", "must be a JSON object");
    }
    Envelope event =
        new Envelope(
            UUID.randomUUID().toString(),
            eventType,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            subscription.organizationId(),
            subscription.locationId(),
            Envelope.API_VERSION,
            "hub",
            data);
    String envelopeJson = io.mapper().writeValueAsString(event);
    String deliveryId = Deliveries.testDeliveryId(event.eventId(), subscription.id());
    DeliveryMessages.enqueue(
        producer,
        new DeliveryHeaders(deliveryId, event.eventId(), eventType, subscription.id()),
        envelopeJson);
    ObjectNode answer = io.mapper().createObjectNode();
    answer.put("eventId", event.eventId());
    answer.put("deliveryId", deliveryId);
    io.reply(exchange, 202, answer);
  }

  private void event(Exchange exchange) throws Exception {
    String eventId = io.pathParam(exchange, "eventId");
    var found = fanOut.find(eventId);
    if (found.isEmpty()) {
      // Accepted but never fanned out: the broker dead-lettered it, and this says why.
      ObjectNode dead =
          deadLetters.forEvent(eventId).orElseThrow(() -> JsonExchanges.notFound("event", eventId));
      ObjectNode answer = io.mapper().createObjectNode();
      answer.put("eventId", eventId);
      answer.put("eventType", dead.path("eventType").asText(null));
      answer.put("organizationId", dead.path("organizationId").asText(null));
      answer.put("deliveries", 0);
      answer.put("matched", false);
      answer.set("deadLetter", dead);
      io.reply(exchange, 200, answer);
      return;
    }
    FanOutRecorder.Outcome outcome = found.get();
    ObjectNode answer = io.mapper().createObjectNode();
    answer.put("eventId", outcome.eventId());
    answer.put("eventType", outcome.eventType());
    answer.put("organizationId", outcome.organizationId());
    answer.put("locationId", outcome.locationId());
    answer.put("deliveries", outcome.deliveries());
    answer.put("matched", outcome.deliveries() > 0);
    answer.put("recordedAt", outcome.recordedAt().toString());
    io.reply(exchange, 200, answer);
  }

  private void answer(Exchange exchange, Subscription subscription) {
    matcher.invalidate();
    io.reply(exchange, 200, views.toPublic(subscription));
  }

  private Subscription existing(Exchange exchange) throws Exception {
    return store.find(id(exchange)).orElseThrow(() -> missing(exchange));
  }

  private String id(Exchange exchange) {
    return io.pathParam(exchange, "id");
  }

  private ProblemException missing(Exchange exchange) {
    return JsonExchanges.notFound(SUBSCRIPTION, id(exchange));
  }
}
