package dev.webhookhub.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.BitSet;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's receiver, run in a JVM of its own ({@link ReceiverProcess}) so that its CPU is
 * not the hub's: a Vert.x server answering at once. The path says what to do: {@code
 * /<scenario>/ok/..} answers 200, {@code /<scenario>/fail/..} 500, {@code /<scenario>/hang/..}
 * never answers (the sender's timeout ends it). Each request is counted under {@code
 * <scenario>/<behaviour>}; a request whose body holds a marker ({@code bench-...}) is stamped with
 * its arrival time in epoch microseconds. Wall-clock time, not {@code nanoTime}: both JVMs read the
 * same system clock, so the benchmark subtracts its own send stamp from this one.
 *
 * <p>A request whose delivery id ({@code X-Hub-Delivery}, or {@code webhook-id}) is one of P4's
 * numbered ids ({@link WaitingDeliveries#number}) is also counted once per id, to tell lost and
 * repeated deliveries apart.
 *
 * <p>{@code GET /stats} answers {@code key count} lines; {@code GET /distinct} {@code key count}
 * lines of distinct numbered ids; {@code GET /arrivals} hands over (and forgets) the stamps taken
 * since the last call as {@code marker key micros} lines.
 */
public final class BenchReceiver extends AbstractVerticle {

  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
  private static final Map<String, BitSet> NUMBERED = new ConcurrentHashMap<>();
  private static final Queue<String> ARRIVALS = new ConcurrentLinkedQueue<>();
  private static final String MARKER = "bench-";

  private final int port;

  private BenchReceiver(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int loops = Integer.parseInt(args.length > 1 ? args[1] : "2");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx
        .deployVerticle(() -> new BenchReceiver(port), new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println("receiver listening on " + port))
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }

  @Override
  public void start() {
    vertx
        .createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setIdleTimeout(0))
        .requestHandler(this::handle)
        .listen(port, "127.0.0.1");
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/stats")) {
      StringBuilder text = new StringBuilder();
      COUNTS.forEach((key, count) -> text.append(key).append(' ').append(count).append('\n'));
      request.response().end(text.toString());
      return;
    }
    if (path.equals("/distinct")) {
      StringBuilder text = new StringBuilder();
      NUMBERED.forEach(
          (key, ids) -> {
            synchronized (ids) {
              text.append(key).append(' ').append(ids.cardinality()).append('\n');
            }
          });
      request.response().end(text.toString());
      return;
    }
    if (path.equals("/arrivals")) {
      StringBuilder text = new StringBuilder();
      String line;
      while ((line = ARRIVALS.poll()) != null) {
        text.append(line).append('\n');
      }
      request.response().end(text.toString());
      return;
    }
    request.body().onSuccess(body -> answer(request, path, body));
  }

  private static void answer(HttpServerRequest request, String path, Buffer body) {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    String[] parts = path.split("/", 4);
    String behaviour = parts.length > 2 ? parts[2] : "ok";
    String key = (parts.length > 1 ? parts[1] : "") + "/" + behaviour;
    COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
    String deliveryId = request.getHeader("X-Hub-Delivery");
    long numbered =
        WaitingDeliveries.number(deliveryId != null ? deliveryId : request.getHeader("webhook-id"));
    if (numbered >= 0) {
      BitSet ids = NUMBERED.computeIfAbsent(key, k -> new BitSet());
      synchronized (ids) {
        ids.set(Math.toIntExact(numbered));
      }
    }
    String marker = marker(body.toString());
    if (marker != null) {
      ARRIVALS.add(marker + ' ' + key + ' ' + micros);
    }
    switch (behaviour) {
      case "hang" -> {}
      case "fail" -> request.response().setStatusCode(500).end();
      default -> request.response().end();
    }
  }

  private static String marker(String body) {
    int start = body.indexOf(MARKER);
    if (start < 0) {
      return null;
    }
    int end = start;
    while (end < body.length()
        && (Character.isLetterOrDigit(body.charAt(end)) || body.charAt(end) == '-')) {
      end++;
    }
    return body.substring(start, end);
  }
}
