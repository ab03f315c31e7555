package dev.webhookhub.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.webhookhub.signature.HmacSha256;
import dev.webhookhub.signature.SecretComparison;
import dev.webhookhub.signature.StandardWebhooksSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The demo's partner endpoint on 127.0.0.1: checks each request's signature as its contract tells a
 * receiver to, and answers 200, or always 500 on {@code /failing}.
 */
final class DemoReceiver implements AutoCloseable {

  /** What one request came to. */
  record Check(Instant at, String path, boolean verified, String how, String body) {}

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(8);
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<Check>> checks = new ConcurrentHashMap<>();

  DemoReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = exchange.getRequestBody().readAllBytes();
          Check check = verify(path, exchange.getRequestHeaders(), body);
          queue(path).add(check);
          int status = path.equals("/failing") ? 500 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.setExecutor(workers);
    server.start();
  }

  /** The secret (or header value) {@code path}'s subscription signs with. */
  void expect(String path, String secret) {
    secrets.put(path, secret);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  Check next(String path, int seconds) throws InterruptedException {
    Check check = queue(path).poll(seconds, TimeUnit.SECONDS);
    if (check == null) {
      throw new IllegalStateException("nothing arrived at " + path + " within " + seconds + " s");
    }
    return check;
  }

  private BlockingQueue<Check> queue(String path) {
    return checks.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
  }

  private Check verify(String path, Headers headers, byte[] body) {
    String secret = secrets.getOrDefault(path, "");
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    String text = new String(body, StandardCharsets.UTF_8);
    return switch (path) {
      case "/envelope", "/failing" ->
          check(path, text, "sha256=" + HmacSha256.hex(key, body), headers, "X-Hub-Signature");
      case "/fitmetrics" ->
          check(
              path, text, "sha256=" + HmacSha256.hex(key, body), headers, "X-FitMetrics-Signature");
      case "/ufp" -> check(path, text, HmacSha256.hex(key, body), headers, "X-UFP-Signature");
      case "/standard-webhooks" ->
          check(
              path,
              text,
              StandardWebhooksSignature.sign(
                  secret,
                  headers.getFirst("webhook-id"),
                  Long.parseLong(headers.getFirst("webhook-timestamp")),
                  body),
              headers,
              "webhook-signature");
      case "/fineguide" -> check(path, text, secret, headers, "X-Webhook-Secret");
      default -> new Check(Instant.now(), path, false, "unexpected path", text);
    };
  }

  private static Check check(
      String path, String body, String expected, Headers headers, String header) {
    String got = headers.getFirst(header);
    // Several signatures during a rotation: space-separated (Standard Webhooks) or comma-separated.
    String separator = header.equals("webhook-signature") ? " " : ",";
    boolean verified =
        got != null
            && java.util.Arrays.stream(got.split(separator))
                .anyMatch(sent -> SecretComparison.matches(expected, sent));
    return new Check(
        Instant.now(), path, verified, header + (verified ? " verified" : " DID NOT verify"), body);
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
