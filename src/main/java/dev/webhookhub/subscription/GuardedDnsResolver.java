package dev.webhookhub.subscription;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The delivery HTTP client's resolver: resolves through the {@link TargetPolicy}'s {@link
 * HostResolver} and refuses, with {@link ForbiddenAddressException}, any host that is or resolves
 * to a forbidden address. Because the client connects only to the addresses returned here, the
 * address checked is the address connected to, which defeats DNS rebinding (a name that answered
 * with a public address when the subscription was created and a private one now).
 *
 * <p>This guards only what goes through it, so the delivery client must also:
 *
 * <ul>
 *   <li>disable redirects, which would otherwise lead to URLs that {@link TargetPolicy#check} never
 *       saw (the client resolves redirect hosts here too, but a redirect could still switch to http
 *       or to an allowed test host);
 *   <li>use no proxy, since a proxy resolves the target itself and only the proxy's own name would
 *       come through here;
 *   <li>build its {@code HttpHost}s from names, not from an {@link InetAddress}, which would skip
 *       the resolver.
 * </ul>
 */
public final class GuardedDnsResolver implements DnsResolver {

  private final TargetPolicy policy;

  public GuardedDnsResolver(TargetPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param host a host name or IP literal (IPv6 with or without brackets), as the client has it
   * @throws ForbiddenAddressException if any address is forbidden
   * @throws UnknownHostException if the host does not resolve or is not a valid host
   */
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    return policy.permittedAddresses(host, parse(host));
  }

  /**
   * The addresses a delivery to {@code target} may connect to. The host is read the way {@link
   * TargetPolicy#check} reads it: {@link URI#getHost} is null for hosts such as {@code 127.1} or
   * {@code 0x7f.0.0.1}, which a client would still connect to, and a null host must be refused as
   * the address it spells, not fail as an error of the hub.
   *
   * @throws ForbiddenAddressException if any address is forbidden
   * @throws UnknownHostException if the host does not resolve or is not a valid host
   */
  public InetAddress[] resolve(URI target) throws UnknownHostException {
    return resolve(TargetPolicy.authorityOf(target.toString(), target).host());
  }

  /**
   * The checked host name itself. Unlike the system resolver this does no reverse lookup: its
   * answer would come from whoever controls the address's PTR zone, and nothing here needs it.
   */
  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    TargetHost target = parse(host);
    policy.permittedAddresses(host, target);
    return target.name();
  }

  private static TargetHost parse(String host) throws UnknownHostException {
    try {
      return TargetHost.parse(host);
    } catch (IllegalArgumentException e) {
      throw new UnknownHostException(host + " " + e.getMessage());
    }
  }
}
