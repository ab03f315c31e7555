package dev.webhookhub.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Starts {@link BenchReceiver} as a separate {@code java} process on this test's class path and
 * reads its counts and arrival stamps over HTTP.
 */
final class ReceiverProcess implements AutoCloseable {

  /** One stamped arrival: the event's marker, the receiver's key and the epoch microseconds. */
  record Arrival(String marker, String key, long micros) {}

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int port;
  private final Process process;

  ReceiverProcess(int port, Path log) throws Exception {
    this.port = port;
    this.process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                BenchReceiver.class.getName(),
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        stats();
        return;
      } catch (ConnectException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("The receiver did not start; see " + log, e);
        }
        Thread.sleep(100); // polling a process that is starting; nothing to await on
      }
    }
  }

  int port() {
    return port;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Requests counted so far, by {@code scenario/behaviour}. */
  Map<String, Long> stats() throws IOException, InterruptedException {
    return counts("/stats");
  }

  /** Distinct numbered delivery ids ({@link WaitingDeliveries}) received, by key. */
  Map<String, Long> distinct() throws IOException, InterruptedException {
    return counts("/distinct");
  }

  private Map<String, Long> counts(String path) throws IOException, InterruptedException {
    Map<String, Long> counts = new HashMap<>();
    for (String line : get(path).split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.split(" ");
        counts.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    return counts;
  }

  long count(String key) throws IOException, InterruptedException {
    return stats().getOrDefault(key, 0L);
  }

  /**
   * Waits at most {@code atMost} until the receiver counted {@code expected} requests under {@code
   * keys} together; if it did not, the report's notes say so (the figures that follow then include
   * the remainder).
   *
   * @return whether it did
   */
  boolean awaitCount(BenchReport report, Collection<String> keys, long expected, Duration atMost) {
    try {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                Map<String, Long> counts = stats();
                return keys.stream().mapToLong(k -> counts.getOrDefault(k, 0L)).sum() >= expected;
              });
      return true;
    } catch (ConditionTimeoutException e) {
      report.note(
          "Not drained within " + atMost.toSeconds() + " s: " + keys + " expected " + expected);
      return false;
    }
  }

  boolean awaitCount(BenchReport report, String key, long expected, Duration atMost) {
    return awaitCount(report, List.of(key), expected, atMost);
  }

  /** The arrivals stamped since the last call. */
  List<Arrival> arrivals() throws IOException, InterruptedException {
    List<Arrival> arrivals = new ArrayList<>();
    for (String line : get("/arrivals").split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.split(" ");
        arrivals.add(new Arrival(parts[0], parts[1], Long.parseLong(parts[2])));
      }
    }
    return arrivals;
  }

  private String get(String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url(path))).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }
}
