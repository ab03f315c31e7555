package dev.webhookhub.subscription;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resolver answering from a table, so that tests never touch DNS. It records the names asked, to
 * prove that IP literals are never sent to a resolver.
 */
final class FakeHostResolver implements HostResolver {

  private final Map<String, InetAddress[]> answers = new ConcurrentHashMap<>();
  private final List<String> asked = new ArrayList<>();

  /** Answers {@code name} with these IP literals from now on. */
  FakeHostResolver answer(String name, String... literals) {
    InetAddress[] addresses = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      addresses[i] = literal(name, literals[i]);
    }
    answers.put(name, addresses);
    return this;
  }

  /**
   * Answers with a raw 16-byte IPv6 address. {@code InetAddress.getByName} turns IPv4-mapped text
   * into an IPv4 address, but a resolver may hand back the raw form, which must be caught too.
   */
  FakeHostResolver answerRaw(String name, byte[] ipv6) {
    try {
      answers.put(name, new InetAddress[] {Inet6Address.getByAddress(name, ipv6, -1)});
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
    return this;
  }

  List<String> asked() {
    return asked;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    asked.add(host);
    InetAddress[] found = answers.get(host);
    if (found == null) {
      throw new UnknownHostException(host + ": Name or service not known");
    }
    return found.clone();
  }

  private static InetAddress literal(String name, String literal) {
    try {
      // A literal is parsed, never looked up; the name is kept as a real resolver would.
      return InetAddress.getByAddress(name, InetAddress.getByName(literal).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
