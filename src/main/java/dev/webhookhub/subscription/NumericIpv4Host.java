package dev.webhookhub.subscription;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads hosts such as {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1} or {@code 127.1}
 * the way {@code inet_aton}, curl and browsers do (the WHATWG URL standard's IPv4 parser): one to
 * four parts, each decimal, octal with a leading zero or hexadecimal with {@code 0x}, the last part
 * filling the remaining bytes. The JDK reads some of these differently (it takes {@code 0177} as
 * decimal), so a target must never be judged by one reading and reached by another: the hub reads
 * them all this way and then insists on the canonical dotted-decimal spelling.
 */
final class NumericIpv4Host {

  // Twelve hex digits already exceed any IPv4 value; longer parts would only overflow a long.
  private static final int MAX_PART_LENGTH = 12;

  private NumericIpv4Host() {}

  /**
   * True when the last label is a number, which makes the whole host an IPv4 address or invalid,
   * never a DNS name (no top-level domain is numeric).
   */
  static boolean endsInNumber(String host) {
    List<String> parts = parts(host);
    String last = parts.get(parts.size() - 1);
    return !last.isEmpty() && (last.chars().allMatch(NumericIpv4Host::isDigit) || isHex(last));
  }

  /**
   * @param host a lower-case host for which {@link #endsInNumber} holds
   * @throws IllegalArgumentException if the host is not a valid IPv4 address in any spelling
   */
  static Inet4Address parse(String host) {
    List<String> parts = parts(host);
    if (parts.size() > 4) {
      throw new IllegalArgumentException("is not an IPv4 address: it has more than four parts");
    }
    long[] numbers = parts.stream().mapToLong(NumericIpv4Host::number).toArray();
    for (int i = 0; i < numbers.length - 1; i++) {
      if (numbers[i] > 255) {
        throw new IllegalArgumentException("is not an IPv4 address: " + numbers[i] + " > 255");
      }
    }
    int lastPartBytes = 5 - numbers.length;
    long last = numbers[numbers.length - 1];
    if (last >= 1L << (8 * lastPartBytes)) {
      throw new IllegalArgumentException("is not an IPv4 address: it is out of range");
    }
    long value = last;
    for (int i = 0; i < numbers.length - 1; i++) {
      value |= numbers[i] << (8 * (3 - i));
    }
    byte[] bytes = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    try {
      return (Inet4Address) InetAddress.getByAddress(bytes); // builds the address, no lookup
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Splits on dots, ignoring one trailing dot as a resolver would. */
  private static List<String> parts(String host) {
    List<String> parts = new ArrayList<>(Arrays.asList(host.split("\\.", -1)));
    if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    return parts;
  }

  private static long number(String part) {
    String digits = part;
    int radix = 10;
    if (isHex(part)) {
      digits = part.substring(2);
      radix = 16;
    } else if (part.length() > 1 && part.startsWith("0")) {
      digits = part.substring(1);
      radix = 8;
    }
    if (part.isEmpty() || digits.length() > MAX_PART_LENGTH) {
      throw new IllegalArgumentException("is not an IPv4 address: bad part '" + part + "'");
    }
    if (digits.isEmpty()) {
      return 0; // "0x" alone is zero for inet_aton
    }
    try {
      return Long.parseLong(digits, radix);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not an IPv4 address: bad part '" + part + "'");
    }
  }

  private static boolean isHex(String part) {
    return part.matches("0[xX][0-9a-fA-F]*");
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
