package dev.webhookhub.delivery;

import dev.webhookhub.subscription.GuardedDnsResolver;
import dev.webhookhub.subscription.Subscription;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Sends an attempt through a connector's route (Slack, Zapier, Teams, or any YAML connector). A
 * connector is a Camel route and sends with the hub's guarded camel-http endpoint, which blocks, so
 * connector attempts run on a bounded pool of their own: a hanging connector target holds one of
 * these threads and its lane, never the dispatcher.
 */
public final class ConnectorSender implements AutoCloseable {

  /**
   * Exchange variable for connector routes: the camel-http endpoint with the hub's guarded
   * connection pool and the subscription's timeout; the target URL is in {@code CamelHttpUri}.
   */
  public static final String HTTP_ENDPOINT = "hubHttp";

  private final ProducerTemplate producer;
  private final GuardedDnsResolver resolver;
  private final Duration connectTimeout;
  private final ExecutorService threads;

  /**
   * @param resolver the resolver of the camel-http endpoint, for the hosts camel-http cannot read
   */
  public ConnectorSender(
      ProducerTemplate producer,
      GuardedDnsResolver resolver,
      Duration connectTimeout,
      int threads) {
    this.producer = producer;
    this.resolver = resolver;
    this.connectTimeout = connectTimeout;
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "hub-connector-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Hands the envelope to the connector's route; what the hub knows of the attempt travels in
   * variables, which no endpoint sends on (headers would become HTTP headers at the receiver).
   */
  public CompletableFuture<AttemptResult> send(
      Supplier<Optional<String>> connectorEndpoint,
      Subscription subscription,
      DeliveryJob job,
      Instant startedAt) {
    return CompletableFuture.supplyAsync(
        () -> {
          URI target = URI.create(subscription.url());
          if (target.getHost() == null) {
            // camel-http refuses a host java.net.URI cannot read (127.1, 0x7f.0.0.1) as an
            // invalid URL, an "error"; judged here as the address it spells, a forbidden one is a
            // blocked_target, as on the webhook path.
            try {
              resolver.resolve(target);
            } catch (Exception e) {
              return AttemptResult.failed(
                  startedAt, Duration.between(startedAt, Instant.now()).toMillis(), e);
            }
          }
          Exchange exchange = sendOnce(route(connectorEndpoint), subscription, job);
          if (exchange.getException() instanceof DirectConsumerNotAvailableException) {
            // The connector's file was reloaded between finding its route and sending to it; the
            // route is made again from the new version. Not an attempt that failed.
            exchange = sendOnce(route(connectorEndpoint), subscription, job);
          }
          // Camel's exceptions may quote the URL, which is the connector's credential.
          return result(exchange, startedAt).hiding(subscription.url());
        },
        threads);
  }

  /**
   * The connector route's endpoint, set not to wait for a consumer: a route that is gone is known
   * at once (direct's default would wait 30 s for one to appear).
   */
  private static String route(Supplier<Optional<String>> connectorEndpoint) {
    return connectorEndpoint
            .get()
            .orElseThrow(
                () ->
                    new IllegalStateException("the connector is not loaded (its file was removed)"))
        + "?block=false";
  }

  private Exchange sendOnce(String endpoint, Subscription subscription, DeliveryJob job) {
    return producer.send(
        endpoint,
        e -> {
          Message message = e.getMessage();
          message.setHeader(Exchange.HTTP_METHOD, "POST");
          message.setHeader(Exchange.HTTP_URI, subscription.url());
          message.setBody(job.body());
          e.setVariable(HTTP_ENDPOINT, httpEndpoint(subscription));
          e.setVariable("hubDeliveryId", job.identity().deliveryId());
          e.setVariable("hubEventId", job.identity().eventId());
          e.setVariable("hubEventType", job.identity().eventType());
          e.setVariable("hubSubscriptionId", subscription.id());
          e.setVariable("hubAttempt", job.recordedAttempt());
        });
  }

  /**
   * The camel-http endpoint: one per scheme and timeout, shared by all subscriptions alike; the
   * target URL travels in the {@code CamelHttpUri} header, so the subscription's own query
   * parameters never mix with Camel's options.
   */
  private String httpEndpoint(Subscription subscription) {
    String scheme = URI.create(subscription.url()).getScheme();
    long timeout = subscription.retryPolicy().timeoutSeconds() * 1000L;
    return scheme
        + "://webhook-target?throwExceptionOnFailure=false&followRedirects=false"
        + "&connectTimeout="
        + Math.min(connectTimeout.toMillis(), timeout)
        + "&responseTimeout="
        + timeout;
  }

  private static AttemptResult result(Exchange exchange, Instant started) {
    long duration = Duration.between(started, Instant.now()).toMillis();
    Exception failure = exchange.getException();
    if (failure instanceof HttpOperationFailedException refused) {
      // A connector whose camel-http endpoint throws on failure: an answer all the same.
      return AttemptResult.answered(
          started,
          duration,
          refused.getStatusCode(),
          AttemptResult.cap(refused.getResponseBody()),
          refused.getResponseHeaders() == null
              ? null
              : refused.getResponseHeaders().get("Retry-After"));
    }
    if (failure != null) {
      return AttemptResult.failed(started, duration, failure);
    }
    Message response = exchange.getMessage();
    Integer status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    String body = AttemptResult.cap(response.getBody(String.class));
    if (status == null) {
      // A connector that sent with a non-HTTP endpoint: no exception is success.
      return new AttemptResult(started, duration, null, null, null, body, null);
    }
    return AttemptResult.answered(
        started, duration, status, body, response.getHeader("Retry-After", String.class));
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
