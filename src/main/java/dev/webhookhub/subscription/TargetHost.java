package dev.webhookhub.subscription;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A URL's host as a resolver would see it: either an IP literal or an ASCII DNS name, lower case
 * and without the trailing dot, so that {@code LOCALHOST.}, {@code １２７.０.０.１} and {@code
 * bücher.example} are judged as {@code localhost}, {@code 127.0.0.1} and {@code
 * xn--bcher-kva.example}.
 */
final class TargetHost {

  // Underscores are not valid in host names, but they occur in DNS and HTTP clients accept them.
  private static final String LABEL = "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?";
  private static final Pattern DNS_NAME =
      Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*");
  // Only text that can be nothing but an IPv6 literal reaches InetAddress; anything else in
  // brackets would make it fall back to a DNS lookup.
  private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  private final String name;
  private final InetAddress literal;
  private final boolean canonical;

  private TargetHost(String name, InetAddress literal, boolean canonical) {
    this.name = name;
    this.literal = literal;
    this.canonical = canonical;
  }

  /**
   * @param text a host as written in a URL, with or without brackets around an IPv6 literal
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static TargetHost parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    if (text.startsWith("[") || text.contains(":")) {
      return ipv6(text);
    }
    String ascii;
    try {
      // Maps full-width digits and ideographic dots to ASCII too, as browsers and resolvers do.
      ascii = IDN.toASCII(text).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not a valid host name (" + e.getMessage() + ")");
    }
    if (NumericIpv4Host.endsInNumber(ascii)) {
      InetAddress address = NumericIpv4Host.parse(ascii);
      String dotted = address.getHostAddress();
      return new TargetHost(dotted, address, dotted.equals(ascii));
    }
    String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    if (!DNS_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("is not a valid host name");
    }
    return new TargetHost(name, null, true);
  }

  private static TargetHost ipv6(String text) {
    boolean bracketed = text.startsWith("[") && text.endsWith("]");
    String inner =
        (bracketed ? text.substring(1, text.length() - 1) : text).toLowerCase(Locale.ROOT);
    if (inner.contains("%")) {
      throw new IllegalArgumentException("has an IPv6 zone ID, which delivery targets cannot use");
    }
    if (!IPV6_TEXT.matcher(inner).matches()) {
      throw new IllegalArgumentException("is not a valid IPv6 address");
    }
    try {
      return new TargetHost("[" + inner + "]", InetAddress.getByName("[" + inner + "]"), true);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("is not a valid IPv6 address");
    }
  }

  /** The host as it belongs in a URL: a lower-case ASCII name, dotted IPv4, or bracketed IPv6. */
  String name() {
    return name;
  }

  /** The address, when the host is an IP literal rather than a name to resolve. */
  Optional<InetAddress> literal() {
    return Optional.ofNullable(literal);
  }

  /** False for an IPv4 literal written other than as four decimal numbers. */
  boolean canonical() {
    return canonical;
  }

  /**
   * RFC 6761 reserves {@code localhost} and every name under it for the loopback interface, and
   * resolvers may answer them without asking DNS, so they are loopback whatever a resolver says.
   */
  boolean isLocalhostName() {
    return literal == null && (name.equals("localhost") || name.endsWith(".localhost"));
  }

  @Override
  public String toString() {
    return name;
  }
}
