package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Create-time checks of delivery URLs, all against a fake resolver so that no DNS is involved. */
class TargetPolicyTest {

  private static final String PUBLIC = "93.184.215.14";

  private final FakeHostResolver resolver =
      new FakeHostResolver()
          .answer("public.example", PUBLIC)
          .answer("example.com", PUBLIC)
          .answer("xn--bcher-kva.example", PUBLIC)
          .answer("my_host.example", PUBLIC)
          .answer("v6.example", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
          .answer("nat64.example", "64:ff9b::5db8:d70e")
          .answer("dual.example", PUBLIC, "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
          .answer("loopback.example", "127.0.0.1")
          .answer("mixed.example", PUBLIC, "10.0.0.7")
          .answer("metadata.example", "169.254.169.254")
          .answer("v6private.example", "fd12:3456::1")
          .answerRaw("mapped.example", mapped(10, 0, 0, 1))
          .answer("internal.example", "10.1.9.9")
          .answer("half-internal.example", "10.1.9.9", "10.2.0.1");

  private final TargetPolicy strict = new TargetPolicy("", resolver);
  private final TargetPolicy local = new TargetPolicy("127.0.0.1,localhost,10.1.0.0/16", resolver);

  static Stream<Arguments> hostileTargets() {
    String longUrl = "https://public.example/" + "a".repeat(TargetPolicy.MAX_URL_LENGTH);
    return Stream.of(
        // Unspecified and loopback, in every spelling a client might accept.
        arguments("https://0.0.0.0/", "unspecified"),
        arguments("https://0.1.2.3/", "unspecified"),
        arguments("https://[::]/", "unspecified"),
        arguments("https://[::1]/", "loopback"),
        arguments("https://[0:0:0:0:0:0:0:1]:8443/", "loopback"),
        arguments("https://127.0.0.1/", "loopback"),
        arguments("https://127.255.255.254:8443/x", "loopback"),
        arguments("https://localhost/", "loopback"),
        arguments("https://LOCALHOST./", "loopback"),
        arguments("https://api.localhost/", "loopback"),
        arguments("https://2130706433/", "127.0.0.1, a loopback"),
        arguments("https://0x7f000001/", "127.0.0.1, a loopback"),
        arguments("https://0177.0.0.1/", "127.0.0.1, a loopback"),
        arguments("https://127.1/", "127.0.0.1, a loopback"),
        arguments("https://0x7f.1/", "127.0.0.1, a loopback"),
        arguments("https://127.0.0.1./", "127.0.0.1, a loopback"),
        arguments("https://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "127.0.0.1, a loopback"),
        arguments("https://%31%32%37.0.0.1/", "127.0.0.1, a loopback"),
        arguments("https://loopback.example/hook", "127.0.0.1, a loopback"),
        // IPv6 forms that carry a forbidden IPv4 address.
        arguments("https://[::ffff:10.0.0.1]/", "10.0.0.1, a private"),
        arguments("https://[::ffff:7f00:1]/", "127.0.0.1, a loopback"),
        arguments("https://[::127.0.0.1]/", "embedding 127.0.0.1, a loopback"),
        arguments("https://[64:ff9b::a9fe:a9fe]/", "embedding 169.254.169.254, a cloud metadata"),
        arguments("https://[2002:a00:1::]/", "embedding 10.0.0.1, a private"),
        arguments("https://[2001:0:c0a8:101::]/", "embedding 192.168.1.1, a private"),
        arguments("https://[2001:0:5db8:d70e::3fff:fffe]/", "embedding 192.0.0.1, a reserved"),
        arguments("https://mapped.example/", "embedding 10.0.0.1, a private"),
        // Private, link-local, metadata and other non-public blocks.
        arguments("https://10.0.0.5/hook", "10.0.0.5, a private address"),
        arguments("https://172.16.0.1/", "private"),
        arguments("https://172.31.255.255/", "private"),
        arguments("https://192.168.1.1/", "private"),
        arguments("https://169.254.169.254/latest/meta-data", "cloud metadata"),
        arguments("https://metadata.example/latest/meta-data", "cloud metadata"),
        arguments("https://100.100.100.200/", "cloud metadata"),
        arguments("https://[fd00:ec2::254]/", "cloud metadata"),
        arguments("https://169.254.1.1/", "link-local"),
        arguments("https://[fe80::1]/", "link-local"),
        arguments("https://[fe80::1%25eth0]/", "zone ID"),
        arguments("https://100.64.0.1/", "carrier-grade NAT"),
        arguments("https://100.127.255.255/", "carrier-grade NAT"),
        arguments("https://224.0.0.1/", "multicast"),
        arguments("https://[ff02::1]/", "multicast"),
        arguments("https://255.255.255.255/", "broadcast"),
        arguments("https://198.18.0.1/", "benchmarking"),
        arguments("https://198.19.255.255/", "benchmarking"),
        arguments("https://240.0.0.1/", "reserved"),
        arguments("https://[fc00::1]/", "unique-local"),
        arguments("https://v6private.example/", "unique-local"),
        arguments("https://[fec0::1]/", "site-local"),
        arguments("https://192.0.2.1/", "documentation"),
        arguments("https://[2001:db8::1]/", "documentation"),
        // A name with one bad answer among good ones is refused: a client may pick any of them.
        arguments("https://mixed.example/", "10.0.0.7, a private"),
        arguments("https://nowhere.example/", "does not resolve"),
        // Scheme, credentials and shape.
        arguments("http://example.com/", "uses http; delivery targets must use https"),
        arguments("http://10.0.0.5/", "uses http"),
        arguments("HTTP://public.example/", "uses http"),
        arguments("https://user:pw@example.com/", "credentials"),
        arguments("https://good.example@127.0.0.1/", "credentials"),
        arguments("https://user@127.1:443/", "credentials"),
        arguments("file:///etc/passwd", "file scheme"),
        arguments("gopher://example.com:70/_GET%20/", "gopher scheme"),
        arguments("ftp://example.com/pub", "ftp scheme"),
        arguments("jar:https://example.com/x.jar!/", "jar scheme"),
        arguments("https:///nohost", "has no host"),
        arguments("https:public.example", "has no host"),
        arguments("//public.example/hook", "not an absolute URL"),
        arguments("https://public.example/hook#section", "fragment"),
        arguments(longUrl, "the limit is 2048"),
        arguments("https://public.example:99999/", "port 99999"),
        arguments("https://public.example:0/", "port 0"),
        arguments("https://1.2.3.4.5/", "more than four parts"),
        arguments("https://256.0.0.1/", "256 > 255"),
        arguments("https://a..b/", "invalid host"),
        arguments("https://exa mple.com/", "not a valid URL"),
        arguments("https://[example.com]/", "not a valid URL"),
        arguments("https://0x5db8d70e/", "write it as 93.184.215.14"),
        arguments("", "is required"),
        arguments(" ", "is required"));
  }

  @ParameterizedTest
  @MethodSource("hostileTargets")
  void refusesHostileTargets(String url, String reason) {
    assertThatThrownBy(() -> strict.check(url))
        .isInstanceOf(UnsafeTargetException.class)
        .hasMessageStartingWith("url: ")
        .hasMessageContaining(reason)
        .extracting(e -> ((UnsafeTargetException) e).field())
        .isEqualTo("url");
  }

  @Test
  void theCorpusIsLargeEnoughToMeanSomething() {
    assertThat(hostileTargets()).hasSizeGreaterThanOrEqualTo(40);
  }

  @Test
  void aRefusalSaysWhatIsWrongAndWhatToDo() {
    assertThatThrownBy(() -> strict.check("https://10.0.0.5/hook"))
        .hasMessage(
            "url: https://10.0.0.5/hook resolves to 10.0.0.5, a private address; delivery"
                + " targets must be public (or allowed with HUB_ALLOW_TARGETS for local testing)");
  }

  @Test
  void credentialsNeverAppearInTheMessage() {
    assertThatThrownBy(() -> strict.check("https://alice:s3cret@example.com/"))
        .message()
        .doesNotContain("s3cret")
        .doesNotContain("alice");
  }

  @ParameterizedTest
  @CsvSource({
    "https://public.example/hook?x=1&y=%20, https://public.example/hook?x=1&y=%20",
    "HTTPS://PUBLIC.Example./hook, https://public.example/hook",
    "https://public.example:8443, https://public.example:8443",
    "https://93.184.215.14/hook, https://93.184.215.14/hook",
    "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/, https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
    "https://v6.example/, https://v6.example/",
    "https://dual.example/, https://dual.example/",
    "https://nat64.example/, https://nat64.example/",
    "https://bücher.example/, https://xn--bcher-kva.example/",
    "https://my_host.example/x, https://my_host.example/x",
    "https://%70ublic.example/, https://public.example/",
  })
  void acceptsPublicHttpsTargets(String url, String normalised) {
    assertThat(strict.check(url)).isEqualTo(URI.create(normalised));
  }

  /** Addresses just outside the forbidden blocks, so that an off-by-one mask cannot hide. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0.0.1",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "169.255.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "[2001:4860:4860::8888]",
        "[2002:5db8:d70e::1]",
        "[fbff:ffff::1]",
        "[fe00::1]"
      })
  void acceptsPublicAddressesAtTheEdgeOfForbiddenBlocks(String host) {
    assertThat(strict.check("https://" + host + "/").getHost()).isEqualTo(host);
  }

  @Test
  void literalsAreNeverSentToTheResolver() {
    strict.check("https://93.184.215.14/");
    assertThatThrownBy(() -> strict.check("https://0x7f000001/"));

    assertThat(resolver.asked()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/x",
        "http://localhost/",
        "https://LOCALHOST./",
        "http://10.1.2.3/",
        "https://10.1.255.255:8443/",
        "https://internal.example/",
        "https://[::ffff:127.0.0.1]/"
      })
  void acceptsTestTargetsOnlyWhenTheAllowListNamesThem(String url) {
    assertThat(local.check(url)).isNotNull();
    assertThatThrownBy(() -> strict.check(url)).isInstanceOf(UnsafeTargetException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.2/, uses http",
    "https://127.0.0.2/, loopback",
    "http://10.2.0.1/, uses http",
    "https://10.2.0.1/, private",
    "https://half-internal.example/, 10.2.0.1, a private",
    "http://internal.example/, uses http",
    "https://api.localhost/, loopback",
    "https://127.1/, write it as 127.0.0.1",
    "https://169.254.169.254/, cloud metadata",
  })
  void theAllowListOpensNothingElse(String url, String reason) {
    assertThatThrownBy(() -> local.check(url))
        .isInstanceOf(UnsafeTargetException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void allowedNamesAreTrustedWithoutResolving() {
    TargetPolicy policy = new TargetPolicy("stub.test", resolver);

    assertThat(policy.check("http://stub.test:9000/hook"))
        .isEqualTo(URI.create("http://stub.test:9000/hook"));
    assertThat(resolver.asked()).isEmpty();
  }

  private static byte[] mapped(int a, int b, int c, int d) {
    return new byte[] {
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) a, (byte) b, (byte) c, (byte) d
    };
  }
}
