package dev.webhookhub.delivery;

import dev.webhookhub.subscription.GuardedDnsResolver;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends webhooks without parking a thread on a socket: a Vert.x HTTP/1.1 client on two event-loop
 * threads, one keep-alive connection pool shared by every subscription, no redirects, no automatic
 * retries, no compression.
 *
 * <p>The SSRF guard runs at connect time: the host is resolved and checked by the {@link
 * GuardedDnsResolver}, and the client connects to the very address that was checked (the request
 * keeps the host name for {@code Host}, SNI and certificate checks). A name that resolves to a
 * public address when checked and to a private one a moment later (DNS rebinding) cannot slip in
 * between. Resolution may block, so it runs on a small pool of its own.
 */
public final class HttpSender implements AutoCloseable {

  /** Response bytes read at most: the record keeps {@link AttemptResult#MAX_RESPONSE_CHARS}. */
  private static final int MAX_RESPONSE_BYTES = 4 * AttemptResult.MAX_RESPONSE_CHARS;

  /** One HTTP call of an attempt, as rendered and signed. */
  public record Call(String url, Map<String, String> headers, byte[] body, Duration timeout) {}

  private final Vertx vertx;
  private final HttpClient client;
  private final GuardedDnsResolver resolver;
  private final ExecutorService resolving;
  private final Duration connectTimeout;

  /**
   * @param maxConnections connections per target address; the dispatcher's bound on attempts in
   *     flight is the real limit, so a target never waits for a connection another one holds
   */
  public HttpSender(GuardedDnsResolver resolver, Duration connectTimeout, int maxConnections) {
    this.resolver = resolver;
    this.connectTimeout = connectTimeout;
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setTryUseCompression(false)
                .setVerifyHost(true)
                .setForceSni(true),
            new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    AtomicInteger threads = new AtomicInteger();
    this.resolving =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "hub-resolve-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Sends one call; the future never fails, it completes with what the attempt came to. */
  public CompletableFuture<AttemptResult> send(Call call, Instant startedAt) {
    CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    URI uri = URI.create(call.url());
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
    resolving.execute(
        () -> {
          try {
            InetAddress address = resolver.resolve(uri)[0];
            request(call, uri, tls, port, address, startedAt, result);
          } catch (Exception | Error e) {
            result.complete(AttemptResult.failed(startedAt, millisSince(startedAt), e));
          }
        });
    return result;
  }

  private void request(
      Call call,
      URI uri,
      boolean tls,
      int port,
      InetAddress address,
      Instant startedAt,
      CompletableFuture<AttemptResult> result) {
    long timeout = call.timeout().toMillis();
    String path =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
            .setHost(uri.getHost())
            .setPort(port)
            .setSsl(tls)
            .setURI(path)
            .setFollowRedirects(false)
            .setConnectTimeout(Math.min(connectTimeout.toMillis(), timeout));
    call.headers().forEach(options::putHeader);
    // One deadline for the whole attempt: connect, send, answer and body.
    long timer =
        vertx.setTimer(
            timeout,
            id ->
                result.complete(
                    AttemptResult.failed(
                        startedAt,
                        millisSince(startedAt),
                        new TimeoutException("no complete answer within " + timeout + " ms"))));
    result.whenComplete((done, failure) -> vertx.cancelTimer(timer));
    client
        .request(options)
        .onFailure(e -> fail(result, startedAt, e))
        .onSuccess(
            request -> {
              AtomicBoolean ended = new AtomicBoolean();
              // An answer cut off (too long, too late) must not leave its connection half-read
              // in the pool: the connection is closed instead.
              result.whenComplete(
                  (done, failure) -> {
                    if (!ended.get()) {
                      request.reset();
                    }
                  });
              request
                  .send(Buffer.buffer(call.body()))
                  .onFailure(e -> fail(result, startedAt, e))
                  .onSuccess(response -> read(response, startedAt, result, ended));
            });
  }

  /** Reads up to {@link #MAX_RESPONSE_BYTES} of the answer; an endless body is cut off there. */
  private static void read(
      HttpClientResponse response,
      Instant startedAt,
      CompletableFuture<AttemptResult> result,
      AtomicBoolean ended) {
    Buffer body = Buffer.buffer();
    Runnable answer =
        () ->
            result.complete(
                AttemptResult.answered(
                    startedAt,
                    millisSince(startedAt),
                    response.statusCode(),
                    AttemptResult.cap(body.toString(StandardCharsets.UTF_8)),
                    response.getHeader("Retry-After")));
    response.exceptionHandler(e -> fail(result, startedAt, e));
    response.handler(
        chunk -> {
          int room = MAX_RESPONSE_BYTES - body.length();
          body.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
          if (body.length() >= MAX_RESPONSE_BYTES) {
            answer.run();
          }
        });
    response.endHandler(
        end -> {
          ended.set(true);
          answer.run();
        });
  }

  private static void fail(
      CompletableFuture<AttemptResult> result, Instant startedAt, Throwable failure) {
    result.complete(AttemptResult.failed(startedAt, millisSince(startedAt), failure));
  }

  private static long millisSince(Instant startedAt) {
    return Duration.between(startedAt, Instant.now()).toMillis();
  }

  @Override
  public void close() {
    resolving.shutdownNow();
    client.close();
    vertx.close();
  }
}
