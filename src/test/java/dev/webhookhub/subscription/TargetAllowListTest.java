package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading {@code HUB_ALLOW_TARGETS}. */
class TargetAllowListTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", " , ,"})
  void emptyAllowsNothing(String spec) throws Exception {
    TargetAllowList list = TargetAllowList.parse(spec);

    assertThat(list.allowsHost(TargetHost.parse("localhost"))).isFalse();
    assertThat(list.allowsAddress(InetAddress.getByName("127.0.0.1"))).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "'127.0.0.1, localhost ,10.1.0.0/16', 127.0.0.1, true",
    "'127.0.0.1, localhost ,10.1.0.0/16', 127.0.0.2, false",
    "'127.0.0.1, localhost ,10.1.0.0/16', 10.1.0.0, true",
    "'127.0.0.1, localhost ,10.1.0.0/16', 10.1.255.255, true",
    "'127.0.0.1, localhost ,10.1.0.0/16', 10.2.0.0, false",
    "'127.0.0.1, localhost ,10.1.0.0/16', 10.0.255.255, false",
    "'127.0.0.1, localhost ,10.1.0.0/16', ::1, false",
    "'[::1],fd00::/8', ::1, true",
    "'[::1],fd00::/8', fd12::1, true",
    "'[::1],fd00::/8', fc00::1, false",
    "'172.16.0.0/12', 172.31.255.255, true",
    "'172.16.0.0/12', 172.32.0.0, false",
    "'0.0.0.0/0', 8.8.8.8, true",
  })
  void rangesHoldTheirAddresses(String spec, String address, boolean allowed) throws Exception {
    assertThat(TargetAllowList.parse(spec).allowsAddress(InetAddress.getByName(address)))
        .isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({
    "localhost, LOCALHOST., true",
    "Stub.Test., stub.test, true",
    "stub.test, api.stub.test, false",
    "localhost, api.localhost, false",
    "bücher.example, xn--bcher-kva.example, true",
  })
  void namesMatchExactlyAfterNormalising(String spec, String host, boolean allowed) {
    assertThat(TargetAllowList.parse(spec).allowsHost(TargetHost.parse(host))).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({
    "'localhost,10.0.0.0/33', 10.0.0.0/33, from 0 to 32",
    "'fd00::/129', fd00::/129, from 0 to 128",
    "'10.1.2.3/16', 10.1.2.3/16, did you mean 10.1.0.0/16?",
    "'foo.example/8', foo.example/8, has 'foo.example' where an IP address belongs",
    "'10.0.0.0/x', 10.0.0.0/x, prefix length",
    "'10.0.0.0/', 10.0.0.0/, prefix length",
    "'127.1', 127.1, write it as 127.0.0.1",
    "'http://stub.test', http://stub.test, where an IP address belongs",
    "'stub test', stub test, not a valid host name",
    "'256.1.1.1', 256.1.1.1, 256 > 255",
  })
  void badEntriesAreNamed(String spec, String entry, String problem) {
    assertThatThrownBy(() -> TargetAllowList.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'")
        .hasMessageContaining(problem)
        .hasMessageEndingWith("; entries are host names, IP addresses or CIDR ranges");
  }
}
