package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses in refusals are written the way people write them (RFC 5952). */
class AddressTextTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.5, 10.0.0.5",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "0:0:0:0:0:0:0:0, ::",
    "0:0:0:0:0:0:0:1, ::1",
    "fe80:0:0:0:0:0:0:1, fe80::1",
    "fd00:ec2:0:0:0:0:0:254, fd00:ec2::254",
    "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
    "2001:0:0:1:0:0:1:1, 2001::1:0:0:1:1",
    "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
    "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "1:0:0:0:0:0:0:0, 1::",
  })
  void writesShortForms(String literal, String expected) throws Exception {
    assertThat(AddressText.of(InetAddress.getByName(literal).getAddress())).isEqualTo(expected);
  }
}
