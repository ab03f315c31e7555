package dev.webhookhub.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The partners' side: one HTTP receiver on 127.0.0.1 for every subscription ({@code /s/<index>}),
 * recording each delivery in the order it arrived. Answers 200 at once, so the hubs, not the
 * receiver, set the pace.
 */
final class ArrivalRecorder implements AutoCloseable {

  /** One delivery as it arrived: which stream and number, and when (nanoTime). */
  record Arrival(String source, int seq, long at) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(96);
  private final Map<Integer, List<Arrival>> bySubscription = new ConcurrentHashMap<>();
  private final Set<String> unique = ConcurrentHashMap.newKeySet();
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile long lastNewArrival;

  ArrivalRecorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.createContext(
        "/s/",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int subscription =
                Integer.parseInt(exchange.getRequestURI().getPath().substring("/s/".length()));
            record(subscription, body);
            exchange.sendResponseHeaders(200, -1);
          }
        });
    server.setExecutor(workers);
    server.start();
  }

  private void record(int subscription, byte[] body) {
    try {
      JsonNode envelope = JSON.readTree(body);
      String source = envelope.path("source").asText();
      int seq = envelope.path("data").path("seq").asInt(-1);
      if (seq < 0) {
        // The seq of UFP events sits in payload, which becomes data: anything else is a mistake.
        unreadable.incrementAndGet();
        return;
      }
      long now = System.nanoTime();
      List<Arrival> arrivals = bySubscription.computeIfAbsent(subscription, s -> new ArrayList<>());
      synchronized (arrivals) {
        arrivals.add(new Arrival(source, seq, now));
      }
      total.incrementAndGet();
      if (unique.add(subscription + "/" + source + "/" + seq)) {
        lastNewArrival = now;
      }
    } catch (IOException | RuntimeException e) {
      unreadable.incrementAndGet();
    }
  }

  String url(int subscription) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/s/" + subscription;
  }

  long total() {
    return total.get();
  }

  long unique() {
    return unique.size();
  }

  long unreadable() {
    return unreadable.get();
  }

  long lastNewArrival() {
    return lastNewArrival;
  }

  boolean arrived(int subscription, String source, int seq) {
    return unique.contains(subscription + "/" + source + "/" + seq);
  }

  /** A copy of one subscription's arrivals, in arrival order. */
  List<Arrival> arrivals(int subscription) {
    List<Arrival> arrivals = bySubscription.getOrDefault(subscription, List.of());
    synchronized (arrivals) {
      return new ArrayList<>(arrivals);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
