package dev.webhookhub.subscription;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into addresses. Injectable so that tests can answer without DNS and so that the
 * create-time check and the send-time guard are sure to ask the same resolver.
 */
@FunctionalInterface
public interface HostResolver {

  /** The platform resolver: {@code /etc/hosts}, then DNS. */
  HostResolver SYSTEM = InetAddress::getAllByName;

  /**
   * @param host an ASCII host name, never an IP literal
   * @throws UnknownHostException if the name has no address
   */
  InetAddress[] resolve(String host) throws UnknownHostException;
}
