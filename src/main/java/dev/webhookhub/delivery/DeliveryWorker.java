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
import dev.webhookhub.subscription.SigningSecretCache;
import dev.webhookhub.subscription.Subscription;
import dev.webhookhub.subscription.SubscriptionMatcher;
import dev.webhookhub.subscription.SubscriptionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one delivery attempt, each answering a typed {@link Decision}: whether to send now
 * ({@link #prepare}), what to send ({@link #render}), and, after the answer, what comes next
 * ({@link #conclude}). It decides; {@link DeliveryDispatcher} sends, and {@link DeliveryRecorder}
 * makes the decision durable before the message is acknowledged.
 */
public final class DeliveryWorker {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  /** What an attempt sends: an HTTP call the hub signs itself, or a connector's route. */
  public sealed interface Request {}

  /** A webhook rendered and signed by the subscription's profile. */
  public record Http(HttpSender.Call call) implements Request {}

  /**
   * A delivery handed to a connector's route. The route is looked up when the attempt is sent, and
   * again if it went away meanwhile: a reload of the connector's file replaces it.
   */
  public record Connector(Supplier<Optional<String>> endpoint) implements Request {}

  private final SubscriptionMatcher subscriptions;
  private final SubscriptionStore store;
  private final SigningSecretCache secrets;
  private final ObjectMapper json;
  private final CircuitBreakers breakers;
  private final RateLimiter rateLimiter;
  private final OperationalEvents operations;
  private final Connectors connectors;
  private final HubMetrics metrics;

  public DeliveryWorker(
      SubscriptionMatcher subscriptions,
      SubscriptionStore store,
      ObjectMapper json,
      CircuitBreakers breakers,
      RateLimiter rateLimiter,
      OperationalEvents operations,
      Connectors connectors,
      HubMetrics metrics) {
    this.subscriptions = subscriptions;
    this.store = store;
    this.secrets = new SigningSecretCache(store, subscriptions);
    this.json = json;
    this.breakers = breakers;
    this.rateLimiter = rateLimiter;
    this.operations = operations;
    this.connectors = connectors;
    this.metrics = metrics;
  }

  /** Whether the delivery is sent now, waits (not an attempt), or is finished without one. */
  public Decision prepare(DeliveryJob job) throws Exception {
    Optional<Subscription> found = subscriptions.byId(job.identity().subscriptionId());
    if (found.isEmpty()) {
      return new Decision.Done(Status.DROPPED, "the subscription was deleted");
    }
    Subscription subscription = found.get();
    if (!subscription.enabled()) {
      // Kept, not dropped: an operator can replay it after re-enabling the subscription.
      return new Decision.Done(
          Status.SKIPPED_DISABLED, "subscription disabled: " + subscription.disabledReason());
    }
    Optional<Instant> openUntil = breakers.openUntil(subscription.id());
    if (openUntil.isPresent()) {
      return new Decision.Deferred(
          openUntil.get(),
          job.rateSlot(),
          "circuit open after repeated failures; waiting until " + openUntil.get());
    }
    if (subscription.rateLimit() != null) {
      Instant slot =
          rateLimiter.reserve(subscription.id(), subscription.rateLimit(), job.rateSlot());
      if (slot != null) {
        return new Decision.Deferred(slot, slot, "rate limit: waiting until " + slot);
      }
    }
    return new Decision.Deliver(subscription, Instant.now());
  }

  /**
   * Makes the request of this attempt: rendered and signed by the subscription's profile, or the
   * connector's route. Runs inside the attempt, so a failure here (a connector whose file was
   * removed, options its profile refuses) is a failed attempt like any other.
   */
  public Request render(DeliveryJob job, Decision.Deliver deliver) throws Exception {
    Subscription subscription = deliver.subscription();
    Optional<String> connector =
        connectors.endpoint(subscription.profile(), subscription.profileOptions());
    if (connector.isPresent()) {
      return new Connector(
          () -> connectors.endpoint(subscription.profile(), subscription.profileOptions()));
    }
    if (!ProfileCatalog.names().contains(subscription.profile())) {
      throw new IllegalStateException(
          "connector '"
              + subscription.profile()
              + "' is not loaded (its file is missing or broken)");
    }
    Envelope envelope = json.readValue(job.body(), Envelope.class);
    WebhookRequest request =
        ProfileCatalog.forName(subscription.profile())
            .render(
                envelope,
                new DeliveryContext(
                    job.identity().deliveryId(),
                    subscription.id(),
                    deliver.startedAt(),
                    secrets.current(subscription.id(), Instant.now()),
                    subscription.headers(),
                    subscription.profileOptions()));
    return new Http(
        new HttpSender.Call(
            subscription.url(),
            request.headers(),
            request.body(),
            Duration.ofSeconds(subscription.retryPolicy().timeoutSeconds())));
  }

  /**
   * What the attempt's result means: done, a retry at a time, or dead. Feeds the circuit breaker,
   * the metrics and the operator's log at once; what must wait for the record to be durable
   * (disabling, operational events) is {@link #afterDead}.
   */
  public Decision conclude(DeliveryJob job, Subscription subscription, AttemptResult result) {
    RetryPolicy policy = subscription.retryPolicy();
    int attempt = job.attempt();
    Decision decision;
    if (result.succeeded()) {
      decision = new Decision.Done(Status.DELIVERED, null);
    } else if (result.gone()) {
      decision = new Decision.Dead(result.error(), "the endpoint answered 410 Gone");
    } else if (attempt < policy.maxAttempts()) {
      Duration wait =
          result.retryAfter() != null ? result.retryAfter() : policy.delays().get(attempt - 1);
      decision = new Decision.RetryAt(Instant.now().plus(wait));
    } else {
      decision =
          new Decision.Dead(
              result.error(),
              policy.disableOnExhaustion()
                  ? "all "
                      + attempt
                      + " attempts of delivery "
                      + job.identity().deliveryId()
                      + " failed: "
                      + result.error()
                  : null);
    }
    metrics.attempt(
        subscription.profile(),
        status(decision).name().toLowerCase(Locale.ROOT),
        Duration.ofMillis(result.durationMillis()));
    if (result.succeeded()) {
      breakers.succeeded(subscription.id());
    } else {
      logFailure(
          job.identity(),
          subscription,
          job.recordedAttempt(),
          result,
          decision instanceof Decision.RetryAt retry ? retry.at() : null);
      breakers.failed(subscription.id());
    }
    return decision;
  }

  /** The delivery state a decision leaves behind. */
  public static Status status(Decision decision) {
    if (decision instanceof Decision.Done done) {
      return done.status();
    }
    if (decision instanceof Decision.Dead) {
      return Status.DEAD;
    }
    if (decision instanceof Decision.Deliver) {
      return Status.PENDING;
    }
    return Status.RETRYING;
  }

  /**
   * What a dead delivery sets off once it is recorded: the operational event, and disabling its
   * subscription if the policy says so.
   */
  public void afterDead(DeliveryJob job, Subscription subscription, Decision.Dead dead)
      throws Exception {
    Identity identity = job.identity();
    if (OperationalEvents.reportable(identity.eventType())) {
      operations.deliveryDead(
          subscription,
          identity.deliveryId(),
          identity.eventId(),
          identity.eventType(),
          job.recordedAttempt(),
          dead.error());
    }
    if (dead.disableReason() != null) {
      store.setEnabled(subscription.id(), false, dead.disableReason());
      subscriptions.invalidate();
      operations.subscriptionDisabled(subscription, dead.disableReason());
    }
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
}
