package dev.webhookhub.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Non-blocking HTTP/1.1 load over a pool of keep-alive connections (a Vert.x client): the
 * benchmark's ingest senders and its ceiling sender. Each connection carries one request at a time,
 * so {@code connections} is the number of concurrent senders.
 */
final class HttpLoad implements AutoCloseable {

  /** One request to send. */
  record Request(String path, MultiMap headers, Buffer body) {}

  /** What a run sent: requests answered with 2xx, and the others (status or error). */
  record Sent(long ok, long failed, double seconds) {
    double okPerSecond() {
      return ok / seconds;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final int connections;

  HttpLoad(int port, int connections) {
    this.connections = connections;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setMaxPoolSize(connections));
  }

  private Future<Integer> post(Request request) {
    return client
        .request(HttpMethod.POST, request.path())
        .compose(
            r -> {
              r.headers().addAll(request.headers());
              return r.send(request.body())
                  .compose(resp -> resp.body().map(b -> resp.statusCode()));
            });
  }

  /**
   * As fast as the connections go: each sender sends its next request when the previous one is
   * answered, until {@code limit} requests or the {@code window} is over.
   */
  Sent fullSpeed(long limit, Duration window, LongFunction<Request> next)
      throws InterruptedException {
    AtomicLong index = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    CountDownLatch done = new CountDownLatch(connections);
    long start = System.nanoTime();
    long deadline = start + window.toNanos();
    for (int s = 0; s < connections; s++) {
      sendNext(index, limit, deadline, next, ok, failed, done);
    }
    done.await();
    return new Sent(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9);
  }

  private void sendNext(
      AtomicLong index,
      long limit,
      long deadline,
      LongFunction<Request> next,
      AtomicLong ok,
      AtomicLong failed,
      CountDownLatch done) {
    long i = index.getAndIncrement();
    if (i >= limit || System.nanoTime() > deadline) {
      done.countDown();
      return;
    }
    post(next.apply(i))
        .onComplete(
            result -> {
              if (result.succeeded() && result.result() / 100 == 2) {
                ok.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
              sendNext(index, limit, deadline, next, ok, failed, done);
            });
  }

  /**
   * An open-loop schedule: request {@code i} leaves at {@code i / rate} seconds whether or not
   * earlier ones were answered (they queue for a free connection), for {@code duration}. Waits for
   * the answers, at most {@code duration} more.
   */
  Sent paced(int rate, Duration duration, LongFunction<Request> next) throws InterruptedException {
    return paced(rate, duration, next, i -> {});
  }

  /** As {@link #paced(int, Duration, LongFunction)}, telling {@code accepted} each 2xx-answered. */
  Sent paced(int rate, Duration duration, LongFunction<Request> next, LongConsumer accepted)
      throws InterruptedException {
    long total = duration.toSeconds() * rate;
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    CountDownLatch answered = new CountDownLatch((int) total);
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = start + i * 1_000_000_000L / rate;
      // The load generator's schedule, not a wait for the hub.
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long index = i;
      post(next.apply(i))
          .onComplete(
              result -> {
                if (result.succeeded() && result.result() / 100 == 2) {
                  ok.incrementAndGet();
                  accepted.accept(index);
                } else {
                  failed.incrementAndGet();
                }
                answered.countDown();
              });
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    answered.await(duration.toSeconds(), TimeUnit.SECONDS);
    return new Sent(ok.get(), failed.get(), seconds);
  }

  @Override
  public void close() {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
