package dev.webhookhub.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on 127.0.0.1, as a partner's endpoint would be. Each path answers from a
 * script of status codes (the last one repeats) and keeps every request it got.
 */
public final class TestReceiver implements AutoCloseable {

  /** One request as the receiver saw it. */
  public record Received(
      Instant at, String path, Map<String, String> headers, String body, int status) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService workers =
      java.util.concurrent.Executors.newFixedThreadPool(16);
  private final ScheduledExecutorService late = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, List<Runnable>> held = new HashMap<>();
  private final Map<String, BlockingQueue<Received>> received = new ConcurrentHashMap<>();

  static {
    // The JDK server writes a response's headers and body in separate packets without
    // TCP_NODELAY: with the client's delayed ACK every request then took about 40 ms longer,
    // which made the hub look ten times slower than it is. Real receivers set it. Read once, when
    // the JDK's server classes load, so it is also set for the test JVM in the pom.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  public TestReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          Map<String, String> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach(
                  (k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = nextStatus(path);
          Runnable reply = () -> reply(exchange, path, headers, body, status);
          synchronized (held) {
            List<Runnable> waiting = held.get(path);
            if (waiting != null) {
              waiting.add(reply);
              return;
            }
          }
          reply.run();
        });
    server.setExecutor(workers);
    server.start();
  }

  /** Answers now, or after the path's delay on a timer rather than in a worker thread. */
  private void reply(
      HttpExchange exchange, String path, Map<String, String> headers, String body, int status) {
    Duration delay = delays.get(path);
    if (delay == null) {
      answer(exchange, new Received(Instant.now(), path, headers, body, status));
      return;
    }
    // A receiver that hangs: the hub's timeout must cut it short. Waiting on a timer, many hanging
    // requests never hold up the other paths.
    late.schedule(
        () -> answer(exchange, new Received(Instant.now(), path, headers, body, status)),
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void answer(HttpExchange exchange, Received request) {
    queue(request.path()).add(request);
    byte[] answer = ("{\"status\": " + request.status() + "}").getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(request.status(), answer.length);
      exchange.getResponseBody().write(answer);
    } catch (IOException gone) {
      // The hub gave up waiting and closed the connection: what a hanging endpoint causes.
    } finally {
      exchange.close();
    }
  }

  /** Statuses {@code path} answers with, in order; the last one repeats. Default: 200. */
  public TestReceiver answer(String path, Integer... statuses) {
    scripts.put(path, new ArrayDeque<>(List.of(statuses)));
    return this;
  }

  /** {@code path} answers only after {@code delay}, like an endpoint that hangs. */
  public TestReceiver answerAfter(String path, Duration delay) {
    delays.put(path, delay);
    return this;
  }

  /**
   * Requests to {@code path} get no answer until {@link #release}: a receiver that stalls, so that
   * a backlog builds up while a test sends, however fast the hub.
   */
  public TestReceiver hold(String path) {
    synchronized (held) {
      held.putIfAbsent(path, new ArrayList<>());
    }
    return this;
  }

  /** Answers what {@link #hold} kept waiting on {@code path}, and everything after it. */
  public void release(String path) {
    List<Runnable> waiting;
    synchronized (held) {
      waiting = held.remove(path);
    }
    if (waiting != null) {
      waiting.forEach(Runnable::run);
    }
  }

  private synchronized int nextStatus(String path) {
    Deque<Integer> script = scripts.get(path);
    if (script == null || script.isEmpty()) {
      return 200;
    }
    return script.size() > 1 ? script.poll() : script.peek();
  }

  private BlockingQueue<Received> queue(String path) {
    return received.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
  }

  /** The next request to {@code path}, waiting up to {@code seconds}; fails if none comes. */
  public Received next(String path, int seconds) throws InterruptedException {
    Received request = queue(path).poll(seconds, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("No request to " + path + " within " + seconds + " s");
    }
    return request;
  }

  /** Everything that arrived on {@code path} and was not taken yet, without waiting. */
  public java.util.List<Received> drain(String path) {
    java.util.List<Received> taken = new java.util.ArrayList<>();
    queue(path).drainTo(taken);
    return taken;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    late.shutdownNow();
  }
}
