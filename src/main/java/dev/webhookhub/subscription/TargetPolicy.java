package dev.webhookhub.subscription;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which URLs the hub may deliver webhooks to, so that a subscription can never turn the hub
 * into a proxy for internal services (SSRF). A target must be an {@code https} URL whose host is,
 * and resolves only to, public unicast addresses: no loopback, private, link-local, metadata,
 * carrier-grade NAT, multicast, reserved or similar address (see {@link SpecialPurposeAddresses}),
 * however the host is spelled.
 *
 * <p>The allow-list ({@code HUB_ALLOW_TARGETS}) exists for local testing only, for instance a
 * partner stub on {@code localhost} or a compose network. A host named in it, or an address inside
 * one of its ranges, is accepted even if private or loopback, and only such a host may use plain
 * {@code http}. Names on the list are trusted as they are: not checked, and not resolved at check
 * time. For other names, addresses inside listed ranges count as public.
 *
 * <p>{@link #check} runs when a subscription is created or updated. DNS answers can change between
 * then and delivery (DNS rebinding), so the delivery HTTP client must also resolve through {@link
 * GuardedDnsResolver}, which applies the same address rules to every connection.
 */
public final class TargetPolicy {

  /** Longer URLs are refused: no partner needs one and they bloat every log line. */
  public static final int MAX_URL_LENGTH = 2048;

  private static final String FIELD = "url";
  private static final String PUBLIC_ONLY =
      "delivery targets must be public (or allowed with HUB_ALLOW_TARGETS for local testing)";
  private static final Pattern AUTHORITY_PORT = Pattern.compile("(.*?)(?::([0-9]*))?");

  private final TargetAllowList allowList;
  private final HostResolver resolver;

  /**
   * @param allowTargets the value of {@code HUB_ALLOW_TARGETS}: comma-separated host names, IP
   *     literals and CIDR ranges; null or blank for none
   * @param resolver how host names become addresses, both at check and at send time
   * @throws IllegalArgumentException naming the first allow-list entry that cannot be read
   */
  public TargetPolicy(String allowTargets, HostResolver resolver) {
    this.allowList = TargetAllowList.parse(allowTargets);
    this.resolver = resolver;
  }

  /** A policy that resolves names with the platform resolver. */
  public static TargetPolicy withAllowList(String allowTargets) {
    return new TargetPolicy(allowTargets, HostResolver.SYSTEM);
  }

  /**
   * Checks a delivery URL before a subscription stores it.
   *
   * @return the URL to store: scheme and host in lower case, the host in ASCII (punycode) without a
   *     trailing dot; port, path and query as given
   * @throws UnsafeTargetException saying why the URL is refused, including a host that does not
   *     resolve
   */
  public URI check(String url) {
    if (url == null || url.isBlank()) {
      throw refused("is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw refused("is " + url.length() + " characters long; the limit is " + MAX_URL_LENGTH);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw refused(url + " is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
    }
    String scheme = schemeOf(url, uri);
    // Checked before anything that echoes the URL, so that credentials never reach a message.
    if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
      throw refused(
          "must not contain credentials (user:password@host): URLs end up in logs; send secrets"
              + " in headers instead");
    }
    if (uri.getRawFragment() != null) {
      throw refused(url + " has a fragment (#...), which is never sent to the server; remove it");
    }
    Authority authority = authorityOf(url, uri);
    TargetHost host;
    try {
      host = TargetHost.parse(authority.host());
    } catch (IllegalArgumentException e) {
      throw refused(url + " has an invalid host: '" + authority.host() + "' " + e.getMessage());
    }
    boolean allowedHost = allowList.allowsHost(host);
    if (scheme.equals("http") && !allowedHost) {
      throw refused(
          url
              + " uses http; delivery targets must use https (http is accepted only for hosts"
              + " allowed with HUB_ALLOW_TARGETS for local testing)");
    }
    if (!allowedHost) {
      try {
        permittedAddresses(url, host);
      } catch (UnknownHostException e) {
        throw refused(e.getMessage());
      }
    }
    if (!host.canonical()) {
      throw refused(
          url
              + " spells an IPv4 address in a non-standard form that clients read differently;"
              + " write it as "
              + host.name());
    }
    return URI.create(
        scheme
            + "://"
            + host.name()
            + (authority.port() < 0 ? "" : ":" + authority.port())
            + Optional.ofNullable(uri.getRawPath()).orElse("")
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /**
   * The addresses a delivery to this host may connect to: all of them, if none is forbidden. Shared
   * by {@link #check} and {@link GuardedDnsResolver} so that both apply the same rules.
   *
   * @param subject how to name the target at the start of a message: the URL or the host
   * @throws ForbiddenAddressException if the host is or resolves to any forbidden address
   * @throws UnknownHostException if the host does not resolve
   */
  InetAddress[] permittedAddresses(String subject, TargetHost host) throws UnknownHostException {
    if (allowList.allowsHost(host)) {
      return addressesOf(subject, host);
    }
    if (host.isLocalhostName()) {
      throw new ForbiddenAddressException(
          subject + " points at " + host.name() + ", a loopback name; " + PUBLIC_ONLY);
    }
    InetAddress[] addresses = addressesOf(subject, host);
    for (InetAddress address : addresses) {
      Optional<String> kind = SpecialPurposeAddresses.kindOf(address);
      if (kind.isPresent() && !allowList.allowsAddress(address)) {
        throw new ForbiddenAddressException(
            subject
                + " resolves to "
                + AddressText.of(address.getAddress())
                + ", "
                + kind.get()
                + "; "
                + PUBLIC_ONLY);
      }
    }
    return addresses;
  }

  private InetAddress[] addressesOf(String subject, TargetHost host) throws UnknownHostException {
    Optional<InetAddress> literal = host.literal();
    return literal.isPresent() ? new InetAddress[] {literal.get()} : resolve(subject, host);
  }

  private InetAddress[] resolve(String subject, TargetHost host) throws UnknownHostException {
    InetAddress[] addresses;
    UnknownHostException failure = null;
    try {
      addresses = resolver.resolve(host.name());
    } catch (UnknownHostException e) {
      addresses = null;
      failure = e;
    }
    if (addresses == null || addresses.length == 0) {
      UnknownHostException unresolved =
          new UnknownHostException(
              subject + " does not resolve: no address found for " + host.name());
      unresolved.initCause(failure);
      throw unresolved;
    }
    return addresses.clone();
  }

  private static String schemeOf(String url, URI uri) {
    if (uri.getScheme() == null) {
      throw refused(url + " is not an absolute URL; delivery targets must use https");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw refused(url + " uses the " + scheme + " scheme; delivery targets must use https");
    }
    return scheme;
  }

  /**
   * The host and port. {@link URI} leaves the host null for authorities outside RFC 2396's host
   * grammar ({@code 127.1}, {@code my_host}, non-ASCII names), yet HTTP clients still connect to
   * them, so such authorities are split here instead of being let through unjudged.
   */
  static Authority authorityOf(String url, URI uri) {
    String host = uri.getHost();
    String port = uri.getPort() < 0 ? "" : String.valueOf(uri.getPort());
    if (host == null) {
      String authority = uri.getAuthority(); // decoded: %31%32%37.0.0.1 is 127.0.0.1 to a client
      if (authority == null || authority.isEmpty()) {
        throw refused(url + " has no host");
      }
      Matcher matcher = AUTHORITY_PORT.matcher(authority);
      matcher.matches(); // always true: the pattern accepts any text
      host = matcher.group(1);
      port = Optional.ofNullable(matcher.group(2)).orElse("");
    }
    if (port.isEmpty()) {
      return new Authority(host, -1);
    }
    int number = port.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(port);
    if (number < 1 || number > 65_535) {
      throw refused(url + " has port " + port + "; ports run from 1 to 65535");
    }
    return new Authority(host, number);
  }

  private static UnsafeTargetException refused(String problem) {
    return new UnsafeTargetException(FIELD, problem);
  }

  record Authority(String host, int port) {}
}
