package dev.webhookhub.subscription;

import java.net.InetAddress;
import java.util.Arrays;

/** A CIDR block of IPv4 or IPv6 addresses, such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
final class AddressRange {

  private final byte[] network;
  private final int prefixLength;

  private AddressRange(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * @param cidr an IP literal, optionally followed by {@code /} and a prefix length
   * @throws IllegalArgumentException if it is not one, or has bits set after the prefix
   */
  static AddressRange parse(String cidr) {
    int slash = cidr.indexOf('/');
    String addressText = slash < 0 ? cidr : cidr.substring(0, slash);
    byte[] network = literal(addressText);
    int maxLength = network.length * 8;
    if (slash < 0) {
      return new AddressRange(network, maxLength);
    }
    String lengthText = cidr.substring(slash + 1);
    if (!lengthText.matches("[0-9]{1,3}") || Integer.parseInt(lengthText) > maxLength) {
      throw new IllegalArgumentException(
          "has prefix length '" + lengthText + "'; it must be a number from 0 to " + maxLength);
    }
    AddressRange range = new AddressRange(network, Integer.parseInt(lengthText));
    AddressRange masked = range.masked();
    if (!Arrays.equals(masked.network, network)) {
      throw new IllegalArgumentException(
          "has bits set after the prefix; did you mean " + masked + "?");
    }
    return range;
  }

  private static byte[] literal(String text) {
    TargetHost host;
    try {
      host = TargetHost.parse(text);
    } catch (IllegalArgumentException e) {
      host = null;
    }
    if (host == null || host.literal().isEmpty()) {
      throw new IllegalArgumentException("has '" + text + "' where an IP address belongs");
    }
    if (!host.canonical()) {
      throw new IllegalArgumentException(
          "writes an IPv4 address in a non-standard form; write it as " + host.name());
    }
    return host.literal().get().getAddress();
  }

  /**
   * An IPv6 range given as 16-bit groups, for prefixes such as {@code ::ffff:0:0/96} that {@link
   * InetAddress} would turn into IPv4 addresses if written as text.
   */
  static AddressRange ipv6(int prefixLength, int... groups) {
    byte[] network = new byte[16];
    for (int i = 0; i < groups.length; i++) {
      network[2 * i] = (byte) (groups[i] >>> 8);
      network[2 * i + 1] = (byte) groups[i];
    }
    return new AddressRange(network, prefixLength);
  }

  boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** Raw address bytes: 4 for IPv4, 16 for IPv6; an IPv4 address is never in an IPv6 range. */
  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - remainingBits)) & 0xff;
    return (address[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  private AddressRange masked() {
    byte[] bytes = network.clone();
    for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new AddressRange(bytes, prefixLength);
  }

  @Override
  public String toString() {
    return AddressText.of(network) + "/" + prefixLength;
  }
}
