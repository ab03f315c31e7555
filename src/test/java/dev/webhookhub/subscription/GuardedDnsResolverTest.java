package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The send-time guard: what an HTTP client built with it may connect to. */
class GuardedDnsResolverTest {

  private final FakeHostResolver resolver = new FakeHostResolver();
  private final TargetPolicy policy = new TargetPolicy("", resolver);
  private final GuardedDnsResolver dns = new GuardedDnsResolver(policy);

  @Test
  void refusesAHostThatRebindsToAPrivateAddressAfterTheCheck() throws Exception {
    resolver.answer("rebind.example", "93.184.215.14");
    policy.check("https://rebind.example/hook");

    resolver.answer("rebind.example", "10.0.0.1");

    assertThatThrownBy(() -> dns.resolve("rebind.example"))
        .isInstanceOf(ForbiddenAddressException.class)
        .hasMessage(
            "rebind.example resolves to 10.0.0.1, a private address; delivery targets must be"
                + " public (or allowed with HUB_ALLOW_TARGETS for local testing)");
    assertThatThrownBy(() -> dns.resolveCanonicalHostname("rebind.example"))
        .isInstanceOf(ForbiddenAddressException.class);
  }

  @Test
  void passesPublicAddressesThrough() throws Exception {
    resolver.answer("public.example", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");

    assertThat(dns.resolve("public.example"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
    assertThat(dns.resolveCanonicalHostname("PUBLIC.example.")).isEqualTo("public.example");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "::1",
        "[::1]",
        "0x7f000001",
        "127.1",
        "localhost",
        "169.254.169.254"
      })
  void refusesForbiddenLiteralsWithoutResolving(String host) {
    assertThatThrownBy(() -> dns.resolve(host)).isInstanceOf(ForbiddenAddressException.class);
    assertThat(resolver.asked()).isEmpty();
  }

  @Test
  void aHostThatDoesNotResolveIsAPlainUnknownHost() {
    assertThatThrownBy(() -> dns.resolve("nowhere.example"))
        .isInstanceOf(UnknownHostException.class)
        .isNotInstanceOf(ForbiddenAddressException.class)
        .hasMessageContaining("does not resolve");
  }

  @Test
  void allowedNamesResolveToWhateverTheyResolveTo() throws Exception {
    resolver.answer("stub.test", "172.18.0.5");
    GuardedDnsResolver allowing = new GuardedDnsResolver(new TargetPolicy("stub.test", resolver));

    assertThat(allowing.resolve("stub.test"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("172.18.0.5");
  }

  /** The guard plugged into a real client, against a local server that counts requests. */
  @Nested
  class InAnHttpClient {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
    }

    @AfterEach
    void stopServer() {
      server.stop(0);
    }

    @Test
    void neverConnectsToAForbiddenAddress() throws Exception {
      try (CloseableHttpClient client = clientResolvingWith(dns)) {
        assertThatThrownBy(() -> client.execute(new HttpGet(serverUrl()), response -> null))
            .isInstanceOf(ForbiddenAddressException.class)
            .hasMessageContaining("loopback");
      }
      assertThat(requests).hasValue(0);
    }

    @Test
    void reachesAnAllowedTestTarget() throws Exception {
      GuardedDnsResolver allowing =
          new GuardedDnsResolver(new TargetPolicy("127.0.0.1", HostResolver.SYSTEM));

      try (CloseableHttpClient client = clientResolvingWith(allowing)) {
        int status = client.execute(new HttpGet(serverUrl()), response -> response.getCode());
        assertThat(status).isEqualTo(204);
      }
      assertThat(requests).hasValue(1);
    }

    private String serverUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private static CloseableHttpClient clientResolvingWith(GuardedDnsResolver resolver) {
      return HttpClients.custom()
          .setConnectionManager(
              PoolingHttpClientConnectionManagerBuilder.create().setDnsResolver(resolver).build())
          .disableRedirectHandling()
          .build();
    }
  }
}
