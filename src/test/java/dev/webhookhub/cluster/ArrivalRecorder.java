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
 * recording each delivery in the order it arrived. Answers at once, so the hubs, not the receiver,
 * set the pace: 200, or 503 where a subscription is told to fail ({@link #failFirst}, {@link
 * #failAlways}). Every POST is counted under its delivery id ({@code X-Hub-Delivery}), so that a
 * test can hold each against the hub's attempt records.
 */
public final class ArrivalRecorder implements AutoCloseable {

  /** One delivery as it arrived with a 2xx answer: which stream and number, and when (nanoTime). */
  public record Arrival(String source, int seq, long at) {}

  /** The POSTs of one delivery id: to which subscription, how many, how many answered 2xx. */
  public static final class Posts {
    private final int subscription;
    private int posts;
    private int answeredOk;

    private Posts(int subscription) {
      this.subscription = subscription;
    }

    public synchronized int subscription() {
      return subscription;
    }

    public synchronized int posts() {
      return posts;
    }

    public synchronized int answeredOk() {
      return answeredOk;
    }

    /** Counts one POST; answers whether it is to fail, the first {@code failFirst} of them. */
    private synchronized boolean post(int failFirst) {
      posts++;
      boolean fail = posts <= failFirst;
      if (!fail) {
        answeredOk++;
      }
      return fail;
    }
  }

  /** A failure script that never lets a delivery through. */
  private static final int ALWAYS = Integer.MAX_VALUE;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(96);
  private final Map<Integer, List<Arrival>> bySubscription = new ConcurrentHashMap<>();
  private final Set<String> unique = ConcurrentHashMap.newKeySet();
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private final Map<Integer, Integer> failFirst = new ConcurrentHashMap<>();
  private final Map<String, Posts> byDelivery = new ConcurrentHashMap<>();
  private volatile long lastNewArrival;

  public ArrivalRecorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.createContext(
        "/s/",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int subscription =
                Integer.parseInt(exchange.getRequestURI().getPath().substring("/s/".length()));
            String delivery = exchange.getRequestHeaders().getFirst("X-Hub-Delivery");
            boolean fail =
                delivery != null
                    && byDelivery
                        .computeIfAbsent(delivery, d -> new Posts(subscription))
                        .post(failFirst.getOrDefault(subscription, 0));
            if (!fail) {
              record(subscription, body);
            }
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
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

  /**
   * Subscription {@code subscription} answers 503 to the first {@code posts} POSTs of each
   * delivery.
   */
  public ArrivalRecorder failFirst(int subscription, int posts) {
    failFirst.put(subscription, posts);
    return this;
  }

  /** Subscription {@code subscription} answers 503 to every POST that names its delivery. */
  public ArrivalRecorder failAlways(int subscription) {
    return failFirst(subscription, ALWAYS);
  }

  /** Every delivery id a POST named, with its counts; a live view. */
  public Map<String, Posts> deliveries() {
    return byDelivery;
  }

  /** When the first 2xx-answered delivery after {@code nanoTime} arrived, or empty if none has. */
  public java.util.OptionalLong firstArrivalAfter(long nanoTime) {
    return bySubscription.keySet().stream()
        .flatMap(s -> arrivals(s).stream())
        .mapToLong(Arrival::at)
        .filter(at -> at > nanoTime)
        .min();
  }

  public String url(int subscription) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/s/" + subscription;
  }

  public long total() {
    return total.get();
  }

  public long unique() {
    return unique.size();
  }

  public long unreadable() {
    return unreadable.get();
  }

  public long lastNewArrival() {
    return lastNewArrival;
  }

  public boolean arrived(int subscription, String source, int seq) {
    return unique.contains(subscription + "/" + source + "/" + seq);
  }

  /** A copy of one subscription's arrivals, in arrival order. */
  public List<Arrival> arrivals(int subscription) {
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
