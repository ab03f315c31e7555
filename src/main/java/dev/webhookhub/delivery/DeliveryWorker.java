package dev.webhookhub.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.delivery.DeliveryLog.Identity;
import dev.webhookhub.delivery.DeliveryLog.Status;
import dev.webhookhub.delivery.connector.Connectors;
import dev.webhookhub.delivery.profile.DeliveryContext;
import dev.webhookhub.delivery.profile.ProfileCatalog;
import dev.webhookhub.delivery.profile.WebhookRequest;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.observe.HubMetrics;
import dev.webhookhub.ops.OperationalEvents;
import dev.webhookhub.queue.DeliveryMessages;
import dev.webhookhub.queue.HubHeaders;
import dev.webhookhub.subscription.ForbiddenAddressException;
import dev.webhookhub.subscription.Subscription;
import dev.webhookhub.subscription.SubscriptionMatcher;
import dev.webhookhub.subscription.SubscriptionStore;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one delivery attempt, in the order {@link DeliveryRoute} runs them: look up the
 * subscription and render the request ({@link #prepare}); after the HTTP call, classify and record
 * the attempt and decide what comes next ({@link #conclude}): done, a retry scheduled on the
 * broker, or the dead-letter queue.
 */
public final class DeliveryWorker {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  /** Exchange property: what the route does next (send, skip, retry, dead, done). */
  public static final String NEXT = "hubDeliveryNext";

  /** Exchange property: the camel-http endpoint for this attempt's scheme and timeout. */
  public static final String HTTP_ENDPOINT = "hubHttpEndpoint";

  private static final String ORIGINAL = "hubOriginalDelivery";
  private static final String STARTED = "hubAttemptStarted";
  private static final String SUBSCRIPTION = "hubSubscription";

  /**
   * Exchange variable for connector routes: the camel-http endpoint with the hub's guarded
   * connection pool and the subscription's timeout; the target URL is in {@code CamelHttpUri}.
   */
  public static final String CONNECTOR_HTTP_ENDPOINT = "hubHttp";

  /**
   * The delivery message as it came off the queue, to re-enqueue or dead-letter it; {@code
   * messageId} is the broker's id of it, the same on every redelivery of it.
   */
  private record Original(
      String body,
      Map<String, Object> headers,
      Identity identity,
      int attempt,
      int base,
      String messageId) {}

  private final SubscriptionMatcher subscriptions;
  private final SubscriptionStore store;
  private final DeliveryLog log;
  private final ObjectMapper json;
  private final Duration connectTimeout;
  private final CircuitBreakers breakers;
  private final RateLimiter rateLimiter;
  private final OperationalEvents operations;
  private final Connectors connectors;
  private final HubMetrics metrics;

  public DeliveryWorker(
      SubscriptionMatcher subscriptions,
      SubscriptionStore store,
      DeliveryLog log,
      ObjectMapper json,
      Duration connectTimeout,
      CircuitBreakers breakers,
      RateLimiter rateLimiter,
      OperationalEvents operations,
      Connectors connectors,
      HubMetrics metrics) {
    this.connectors = connectors;
    this.metrics = metrics;
    this.operations = operations;
    this.breakers = breakers;
    this.rateLimiter = rateLimiter;
    this.subscriptions = subscriptions;
    this.store = store;
    this.log = log;
    this.json = json;
    this.connectTimeout = connectTimeout;
  }

  public void prepare(Exchange exchange) throws Exception {
    Message message = exchange.getMessage();
    Identity identity =
        new Identity(
            message.getHeader(HubHeaders.DELIVERY_ID, String.class),
            message.getHeader(HubHeaders.EVENT_ID, String.class),
            message.getHeader(HubHeaders.SUBSCRIPTION_ID, String.class),
            message.getHeader(HubHeaders.EVENT_TYPE, String.class));
    int attempt = message.getHeader(HubHeaders.ATTEMPT, 1, Integer.class);
    int base = message.getHeader(HubHeaders.ATTEMPT_BASE, 0, Integer.class);
    Original original =
        new Original(
            message.getBody(String.class),
            HubHeaders.hubOnly(message.getHeaders()),
            identity,
            attempt,
            base,
            message.getHeader(HubHeaders.MESSAGE_ID, String.class));
    exchange.setProperty(ORIGINAL, original);

    Optional<Subscription> found = subscriptions.byId(identity.subscriptionId());
    if (found.isEmpty()) {
      log.decision(identity, Status.DROPPED, base + attempt - 1, "the subscription was deleted");
      exchange.setProperty(NEXT, "done");
      return;
    }
    Subscription subscription = found.get();
    if (!subscription.enabled()) {
      // Kept, not dropped: an operator can replay it after re-enabling the subscription.
      log.decision(
          identity,
          Status.SKIPPED_DISABLED,
          base + attempt - 1,
          "subscription disabled: " + subscription.disabledReason());
      exchange.setProperty(NEXT, "done");
      return;
    }
    Optional<Instant> openUntil = breakers.openUntil(subscription.id());
    if (openUntil.isPresent()) {
      log.decision(
          identity,
          Status.RETRYING,
          base + attempt - 1,
          "circuit open after repeated failures; waiting until " + openUntil.get());
      defer(exchange, original, openUntil.get(), null);
      return;
    }
    if (subscription.rateLimit() != null) {
      Long held = message.getHeader(HubHeaders.RATE_SLOT, Long.class);
      Instant slot =
          rateLimiter.reserve(
              subscription.id(),
              subscription.rateLimit(),
              held == null ? null : Instant.ofEpochMilli(held));
      if (slot != null) {
        defer(exchange, original, slot, slot);
        return;
      }
    }
    exchange.setProperty(SUBSCRIPTION, subscription);
    exchange.setProperty(STARTED, Instant.now());
    exchange.setProperty(NEXT, "send");
  }

  /**
   * Makes the request of this attempt: rendered and signed by the subscription's profile, or handed
   * to its connector's route. Runs inside the attempt, so a failure here (a connector whose file
   * was removed, options its profile refuses) is a failed attempt like any other, never a message
   * that loops on the broker.
   */
  public void render(Exchange exchange) throws Exception {
    Original original = exchange.getProperty(ORIGINAL, Original.class);
    Subscription subscription = exchange.getProperty(SUBSCRIPTION, Subscription.class);
    Identity identity = original.identity();
    Message message = exchange.getMessage();
    message.removeHeaders("*");
    message.setHeader(Exchange.HTTP_METHOD, "POST");
    message.setHeader(Exchange.HTTP_URI, subscription.url());
    Optional<String> connector =
        connectors.endpoint(subscription.profile(), subscription.profileOptions());
    if (connector.isPresent()) {
      // The connector gets the envelope and says itself how to send it; what the hub knows of the
      // attempt travels in variables, which no endpoint sends on (headers would become HTTP
      // headers at the receiver).
      message.setBody(original.body());
      exchange.setVariable(CONNECTOR_HTTP_ENDPOINT, endpoint(subscription));
      exchange.setVariable("hubDeliveryId", identity.deliveryId());
      exchange.setVariable("hubEventId", identity.eventId());
      exchange.setVariable("hubEventType", identity.eventType());
      exchange.setVariable("hubSubscriptionId", subscription.id());
      exchange.setVariable("hubAttempt", original.base() + original.attempt());
      exchange.setProperty(HTTP_ENDPOINT, connector.get());
      return;
    }
    if (!ProfileCatalog.names().contains(subscription.profile())) {
      throw new IllegalStateException(
          "connector '"
              + subscription.profile()
              + "' is not loaded (its file is missing or broken)");
    }
    Envelope envelope = json.readValue(original.body(), Envelope.class);
    WebhookRequest request =
        ProfileCatalog.forName(subscription.profile())
            .render(
                envelope,
                new DeliveryContext(
                    identity.deliveryId(),
                    subscription.id(),
                    exchange.getProperty(STARTED, Instant.class),
                    store.signingSecrets(subscription.id(), Instant.now()),
                    subscription.headers(),
                    subscription.profileOptions()));
    request.headers().forEach(message::setHeader);
    message.setBody(request.body());
    exchange.setProperty(HTTP_ENDPOINT, endpoint(subscription));
  }

  /**
   * Puts the delivery back on the broker until {@code until} without calling the endpoint: not an
   * attempt, so the retry budget is not spent.
   *
   * @param rateSlot the rate-limit slot reserved for it, or null to keep the one it holds
   */
  private static void defer(Exchange exchange, Original original, Instant until, Instant rateSlot) {
    Map<String, Object> headers = new HashMap<>(original.headers());
    if (rateSlot != null) {
      headers.put(HubHeaders.RATE_SLOT, rateSlot.toEpochMilli());
    }
    DeliveryMessages.schedule(
        exchange.getMessage(),
        headers,
        original.body(),
        original.attempt(),
        until,
        original.messageId());
    exchange.setProperty(NEXT, "retry");
  }

  /**
   * The camel-http endpoint: one per scheme and timeout, shared by all subscriptions alike; the
   * target URL travels in the {@code CamelHttpUri} header, so the subscription's own query
   * parameters never mix with Camel's options.
   */
  private String endpoint(Subscription subscription) {
    String scheme = URI.create(subscription.url()).getScheme();
    long timeout = subscription.retryPolicy().timeoutSeconds() * 1000L;
    return scheme
        + "://webhook-target?throwExceptionOnFailure=false&followRedirects=false"
        + "&connectTimeout="
        + Math.min(connectTimeout.toMillis(), timeout)
        + "&responseTimeout="
        + timeout;
  }

  public void conclude(Exchange exchange) throws Exception {
    Original original = exchange.getProperty(ORIGINAL, Original.class);
    Subscription subscription = exchange.getProperty(SUBSCRIPTION, Subscription.class);
    AttemptResult result = result(exchange);
    Identity identity = original.identity();
    int attempt = original.attempt();
    RetryPolicy policy = subscription.retryPolicy();

    String next;
    Status status;
    Instant nextAttemptAt = null;
    String disableReason = null;
    if (result.succeeded()) {
      next = "done";
      status = Status.DELIVERED;
    } else if (result.gone()) {
      next = "dead";
      status = Status.DEAD;
      disableReason = "the endpoint answered 410 Gone";
    } else if (attempt < policy.maxAttempts()) {
      next = "retry";
      status = Status.RETRYING;
      Duration wait =
          result.retryAfter() != null ? result.retryAfter() : policy.delays().get(attempt - 1);
      nextAttemptAt = Instant.now().plus(wait);
    } else {
      next = "dead";
      status = Status.DEAD;
      if (policy.disableOnExhaustion()) {
        disableReason =
            "all "
                + attempt
                + " attempts of delivery "
                + identity.deliveryId()
                + " failed: "
                + result.error();
      }
    }
    log.attempt(identity, original.base() + attempt, result, status, nextAttemptAt);
    metrics.attempt(
        subscription.profile(),
        status.name().toLowerCase(java.util.Locale.ROOT),
        Duration.ofMillis(result.durationMillis()));
    if (result.succeeded()) {
      breakers.succeeded(subscription.id());
    } else {
      logFailure(identity, subscription, original.base() + attempt, result, nextAttemptAt);
      breakers.failed(subscription.id());
    }
    if (next.equals("dead") && OperationalEvents.reportable(identity.eventType())) {
      operations.deliveryDead(
          subscription,
          identity.deliveryId(),
          identity.eventId(),
          identity.eventType(),
          original.base() + attempt,
          result.error());
    }
    if (disableReason != null) {
      store.setEnabled(subscription.id(), false, disableReason);
      subscriptions.invalidate();
      operations.subscriptionDisabled(subscription, disableReason);
    }
    // A retry takes a fresh rate-limit slot when it comes back.
    Map<String, Object> headers = new HashMap<>(original.headers());
    headers.remove(HubHeaders.RATE_SLOT);
    Message message = exchange.getMessage();
    if (next.equals("retry")) {
      DeliveryMessages.schedule(
          message, headers, original.body(), attempt + 1, nextAttemptAt, original.messageId());
    } else if (next.equals("dead")) {
      message.removeHeaders("*");
      message.setHeaders(headers);
      message.setBody(original.body());
      message.setHeader(HubHeaders.ATTEMPTS, attempt);
      message.setHeader(HubHeaders.LAST_ERROR, result.error());
    }
    exchange.setProperty(NEXT, next);
  }

  /**
   * One WARN line per failed attempt, in {@code key=value} form for log shippers. The target is
   * scheme and host only, and an error is named by its kind, never its message: a Slack or Zapier
   * URL is a credential, and exception messages may quote it.
   */
  private static void logFailure(
      Identity identity,
      Subscription subscription,
      int attempt,
      AttemptResult result,
      Instant nextAttemptAt) {
    LOG.warn(
        "Delivery attempt failed: delivery={} subscription={} target={} {} attempt={} next={}",
        identity.deliveryId(),
        subscription.id(),
        OperationalEvents.target(subscription.url()),
        result.statusCode() != null
            ? "status=" + result.statusCode()
            : "error=" + result.errorKind(),
        attempt,
        nextAttemptAt == null ? "dead" : nextAttemptAt.truncatedTo(ChronoUnit.MILLIS));
  }

  private AttemptResult result(Exchange exchange) {
    Instant started = exchange.getProperty(STARTED, Instant.class);
    long duration = Duration.between(started, Instant.now()).toMillis();
    Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    if (failure instanceof HttpOperationFailedException refused) {
      // A connector whose camel-http endpoint throws on failure: an answer all the same.
      return answered(
          started,
          duration,
          refused.getStatusCode(),
          refused.getResponseBody(),
          refused.getResponseHeaders() == null
              ? null
              : refused.getResponseHeaders().get("Retry-After"));
    }
    if (failure != null) {
      String kind = errorKind(failure);
      return new AttemptResult(
          started, duration, null, kind, kind + ": " + StageFailures.describe(failure), null, null);
    }
    Message response = exchange.getMessage();
    Integer status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    String body = response.getBody(String.class);
    if (status == null) {
      // A connector that sent with a non-HTTP endpoint: no exception is success.
      return new AttemptResult(started, duration, null, null, null, body, null);
    }
    return answered(
        started, duration, status, body, response.getHeader("Retry-After", String.class));
  }

  private static AttemptResult answered(
      Instant started, long duration, int status, String body, String retryAfterHeader) {
    if (status >= 200 && status < 300) {
      return new AttemptResult(started, duration, status, null, null, body, null);
    }
    Duration retryAfter =
        status == 429 || status == 503
            ? RetryAfter.parse(retryAfterHeader, Instant.now()).orElse(null)
            : null;
    return new AttemptResult(
        started, duration, status, "non_2xx", "HTTP " + status, body, retryAfter);
  }

  static String errorKind(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ForbiddenAddressException) {
        return "blocked_target";
      }
      if (t instanceof SocketTimeoutException || t instanceof ConnectTimeoutException) {
        return "timeout";
      }
      if (t instanceof ConnectException) {
        return "connection_refused";
      }
      if (t instanceof UnknownHostException) {
        return "dns";
      }
      if (t instanceof SSLException) {
        return "tls";
      }
    }
    return "error";
  }
}
