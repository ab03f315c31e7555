package dev.webhookhub.subscription;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks a delivery must never reach: everything that is not a plain public unicast
 * address (after the IANA special-purpose registries), plus cloud metadata endpoints. IPv6 forms
 * that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged by the IPv4
 * address inside, since that is where the packets end up.
 */
final class SpecialPurposeAddresses {

  private record Block(AddressRange range, String kind) {}

  /** An IPv6 prefix whose addresses carry an IPv4 address at {@code offset}. */
  private record Embedding(AddressRange prefix, int offset, boolean inverted) {}

  private static final String PRIVATE = "a private address";
  private static final String METADATA = "a cloud metadata address";
  private static final String DOCUMENTATION = "a documentation address";

  // First match names the kind, so single metadata addresses come before their enclosing blocks.
  private static final List<Block> BLOCKS =
      List.of(
          block("0.0.0.0/8", "an unspecified address"),
          block("10.0.0.0/8", PRIVATE),
          block("100.100.100.200/32", METADATA), // Alibaba Cloud
          block("100.64.0.0/10", "a carrier-grade NAT address"),
          block("127.0.0.0/8", "a loopback address"),
          block("169.254.169.254/32", METADATA), // AWS, GCP, Azure, OpenStack
          block("169.254.0.0/16", "a link-local address"),
          block("172.16.0.0/12", PRIVATE),
          block("192.0.0.0/24", "a reserved protocol address"), // includes Oracle's metadata
          block("192.0.2.0/24", DOCUMENTATION),
          block("192.168.0.0/16", PRIVATE),
          block("198.18.0.0/15", "a benchmarking address"),
          block("198.51.100.0/24", DOCUMENTATION),
          block("203.0.113.0/24", DOCUMENTATION),
          block("224.0.0.0/4", "a multicast address"),
          block("255.255.255.255/32", "the broadcast address"),
          block("240.0.0.0/4", "a reserved address"),
          block("::/128", "an unspecified address"),
          block("::1/128", "a loopback address"),
          block("64:ff9b:1::/48", "a local-use NAT64 address"),
          block("100::/64", "a discard-only address"),
          block("2001:2::/48", "a benchmarking address"),
          block("2001:db8::/32", DOCUMENTATION),
          block("fd00:ec2::254/128", METADATA), // AWS over IPv6
          block("fc00::/7", "a unique-local address"),
          block("fe80::/10", "a link-local address"),
          block("fec0::/10", "a site-local address"),
          block("ff00::/8", "a multicast address"));

  private static final List<Embedding> EMBEDDINGS =
      List.of(
          new Embedding(AddressRange.ipv6(96, 0, 0, 0, 0, 0, 0xffff), 12, false), // mapped
          new Embedding(AddressRange.ipv6(96, 0, 0, 0, 0, 0xffff, 0), 12, false), // translated
          new Embedding(AddressRange.ipv6(96), 12, false), // IPv4-compatible
          new Embedding(AddressRange.ipv6(96, 0x64, 0xff9b), 12, false), // NAT64
          new Embedding(AddressRange.ipv6(16, 0x2002), 2, false), // 6to4
          new Embedding(AddressRange.ipv6(32, 0x2001, 0), 4, false), // Teredo server
          new Embedding(AddressRange.ipv6(32, 0x2001, 0), 12, true)); // Teredo client, inverted

  private SpecialPurposeAddresses() {}

  /** What kind of non-public address this is, such as "a private address"; empty if public. */
  static Optional<String> kindOf(InetAddress address) {
    byte[] bytes = address.getAddress();
    Optional<String> direct = directKind(bytes);
    if (direct.isPresent()) {
      return direct;
    }
    for (Embedding embedding : EMBEDDINGS) {
      if (embedding.prefix().contains(bytes)) {
        byte[] ipv4 = embedded(bytes, embedding);
        Optional<String> inner = directKind(ipv4);
        if (inner.isPresent()) {
          return Optional.of(
              "an IPv6 address embedding " + AddressText.of(ipv4) + ", " + inner.get());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> directKind(byte[] address) {
    return BLOCKS.stream()
        .filter(block -> block.range().contains(address))
        .map(Block::kind)
        .findFirst();
  }

  private static byte[] embedded(byte[] ipv6, Embedding embedding) {
    byte[] ipv4 = new byte[4];
    for (int i = 0; i < 4; i++) {
      ipv4[i] =
          (byte)
              (embedding.inverted() ? ~ipv6[embedding.offset() + i] : ipv6[embedding.offset() + i]);
    }
    return ipv4;
  }

  private static Block block(String cidr, String kind) {
    return new Block(AddressRange.parse(cidr), kind);
  }
}
