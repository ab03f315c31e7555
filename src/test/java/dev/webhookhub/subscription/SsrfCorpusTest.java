package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.webhookhub.delivery.AttemptResult;
import dev.webhookhub.delivery.HttpSender;
import dev.webhookhub.testing.ReliabilityTable;
import dev.webhookhub.testing.SsrfTargets;
import dev.webhookhub.testing.SsrfTargets.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SSRF corpus ({@code security/ssrf-targets.tsv}) sent through the delivery client as the hub
 * builds it: the real {@link HttpSender} resolving through the {@link GuardedDnsResolver} of a
 * {@link TargetPolicy}, with a table-driven resolver standing in for DNS. Every target must be
 * refused when the delivery is sent, not only when the subscription is made, and the attempt's
 * result (what the hub records for the delivery) must say so: {@code blocked_target}, or for a
 * redirect the 302 itself ({@code non_2xx}), which the client does not follow.
 */
class SsrfCorpusTest {

  private static final String REDIRECTOR = "redirector.ssrf.test";

  @Test
  void everyTargetOfTheCorpusIsRefusedWhenTheDeliveryIsSent() throws Exception {
    List<Target> corpus = SsrfTargets.all();
    ReliabilityTable.securitySmoke()
        .record(
            "SSRF corpus refused at send time",
            String.valueOf(corpus.size()),
            "literals in every spelling, names, DNS rebinding and redirects; the attempt records"
                + " blocked_target (redirects: the 302, not followed)",
            () -> {
              assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
              List<String> requests = new CopyOnWriteArrayList<>();
              HttpServer redirector = redirector(corpus, requests);
              FakeHostResolver dns = new FakeHostResolver().answer(REDIRECTOR, "127.0.0.1");
              TargetPolicy policy = new TargetPolicy(REDIRECTOR, dns);
              List<String> wrong = new ArrayList<>();
              try (HttpSender sender =
                  new HttpSender(new GuardedDnsResolver(policy), Duration.ofSeconds(2), 4)) {
                for (int i = 0; i < corpus.size(); i++) {
                  Target target = corpus.get(i);
                  String url = target.url();
                  String expected = "blocked_target";
                  switch (target.kind()) {
                    case "literal" -> refusedAtCheck(policy, url);
                    case "name" -> {
                      dns.answer(host(url), target.atCheck().split(","));
                      refusedAtCheck(policy, url);
                    }
                    case "rebind" -> {
                      dns.answer(host(url), target.atCheck().split(","));
                      // Public when the subscription is checked...
                      policy.check(url);
                      // ...private when it is sent.
                      dns.answer(host(url), target.atSend().split(","));
                    }
                    case "redirect" -> {
                      url =
                          "http://"
                              + REDIRECTOR
                              + ":"
                              + redirector.getAddress().getPort()
                              + "/"
                              + i;
                      policy.check(url);
                      expected = "non_2xx";
                    }
                    default -> throw new IllegalArgumentException("unknown kind " + target.kind());
                  }
                  AttemptResult result =
                      sender
                          .send(
                              new HttpSender.Call(
                                  url,
                                  Map.of("Content-Type", "application/json"),
                                  "{}".getBytes(StandardCharsets.UTF_8),
                                  Duration.ofSeconds(5)),
                              Instant.now())
                          .get(30, TimeUnit.SECONDS);
                  boolean refused =
                      expected.equals(result.errorKind())
                          && (!expected.equals("non_2xx") || result.statusCode() == 302);
                  if (!refused) {
                    wrong.add(
                        target.url()
                            + " ("
                            + target.note()
                            + "): "
                            + result.errorKind()
                            + " "
                            + result.statusCode()
                            + " "
                            + result.error());
                  }
                }
              } finally {
                redirector.stop(0);
              }
              assertThat(wrong).as("targets not refused at send time").isEmpty();
              // Only the redirects' first hops reached the redirector: none was followed.
              assertThat(requests).allMatch(path -> path.matches("/[0-9]+"));
            });
  }

  private static void refusedAtCheck(TargetPolicy policy, String url) {
    assertThatThrownBy(() -> policy.check(url)).as(url).isInstanceOf(UnsafeTargetException.class);
  }

  private static String host(String url) {
    return url.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
  }

  /** Answers {@code /<index>} with a 302 to that corpus line's target; records every path. */
  private static HttpServer redirector(List<Target> corpus, List<String> requests)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          requests.add(path);
          exchange.getRequestBody().readAllBytes();
          String location = corpus.get(Integer.parseInt(path.substring(1))).url();
          exchange.getResponseHeaders().add("Location", location);
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
    return server;
  }
}
