package dev.webhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookhub.delivery.DeliveryLog.Identity;
import dev.webhookhub.subscription.GuardedDnsResolver;
import dev.webhookhub.subscription.Subscription;
import dev.webhookhub.subscription.TargetPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectorSenderTest {

  private final CamelContext context = new DefaultCamelContext();
  private ConnectorSender sender;

  @BeforeEach
  void start() throws Exception {
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:connector-new").setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200));
            // What camel-http does with a URL it cannot read: quote it in its exception.
            from("direct:connector-quoting")
                .throwException(
                    IllegalArgumentException.class, "Invalid url: ${header.CamelHttpUri}");
          }
        });
    context.start();
    sender =
        new ConnectorSender(
            context.createProducerTemplate(),
            new GuardedDnsResolver(TargetPolicy.withAllowList(null)),
            Duration.ofSeconds(1),
            2);
  }

  @AfterEach
  void stop() {
    sender.close();
    context.stop();
  }

  @Test
  void aRouteReplacedBetweenLookupAndSendIsLookedUpAgainNotWaitedFor() throws Exception {
    // The first lookup names the route a reload has just removed; the next names its successor.
    Deque<String> lookups =
        new ArrayDeque<>(List.of("direct:connector-old", "direct:connector-new"));

    AttemptResult result =
        sender
            .send(() -> Optional.of(lookups.poll()), subscription(), job(), Instant.now())
            .get(10, TimeUnit.SECONDS);

    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.durationMillis()).isLessThan(5_000);
    assertThat(lookups).isEmpty();
  }

  @Test
  void aConnectorNoLongerLoadedFailsTheAttemptAtOnce() throws Exception {
    Instant started = Instant.now();
    AttemptResult result =
        sender
            .send(Optional::empty, subscription(), job(), started)
            .handle((r, failure) -> r != null ? r : AttemptResult.failed(started, 0, failure))
            .get(10, TimeUnit.SECONDS);

    assertThat(result.statusCode()).isNull();
    assertThat(result.error()).contains("not loaded");
  }

  @Test
  void aFailureThatQuotesTheUrlIsRecordedWithTheUrlMasked() throws Exception {
    AttemptResult result =
        sender
            .send(
                () -> Optional.of("direct:connector-quoting"),
                subscription("https://hooks.slack.com/services/T0/B0/s3cretT0ken"),
                job(),
                Instant.now())
            .get(10, TimeUnit.SECONDS);

    assertThat(result.errorKind()).isEqualTo("error");
    assertThat(result.error())
        .contains("https://hooks.slack.com/services/********")
        .doesNotContain("s3cretT0ken");
  }

  @Test
  void aHostTheUriCannotReadIsJudgedAsTheAddressItSpells() throws Exception {
    AttemptResult result =
        sender
            .send(
                () -> Optional.of("direct:connector-new"),
                subscription("https://0x7f.0.0.1/hook"),
                job(),
                Instant.now())
            .get(10, TimeUnit.SECONDS);

    assertThat(result.errorKind()).isEqualTo("blocked_target");
  }

  private static Subscription subscription() {
    return subscription("https://example.com/hook");
  }

  private static Subscription subscription(String url) {
    return new Subscription(
        "sub_1",
        "org-1",
        null,
        List.of("*"),
        null,
        url,
        "zapier",
        Map.of(),
        Map.of(),
        RetryPolicy.defaults(),
        null,
        null,
        true,
        null,
        null,
        Instant.EPOCH,
        Instant.EPOCH);
  }

  private static DeliveryJob job() {
    return new DeliveryJob(
        new Identity("dlv_1", "evt_1", "sub_1", "lead.created"),
        1,
        0,
        null,
        "{}",
        Map.of(),
        "ID:1");
  }
}
