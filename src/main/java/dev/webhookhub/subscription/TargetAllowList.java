package dev.webhookhub.subscription;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hosts and address ranges named in {@code HUB_ALLOW_TARGETS}, such as {@code
 * 127.0.0.1,localhost,10.1.0.0/16}. It exists for local testing against a partner stub on the
 * developer's machine or a compose network; production leaves it empty.
 */
final class TargetAllowList {

  private final Set<String> names;
  private final List<AddressRange> ranges;

  private TargetAllowList(Set<String> names, List<AddressRange> ranges) {
    this.names = names;
    this.ranges = ranges;
  }

  /**
   * @param spec comma-separated host names, IP literals and CIDR ranges; null or blank for none
   * @throws IllegalArgumentException naming the first entry that is none of those
   */
  static TargetAllowList parse(String spec) {
    Set<String> names = new LinkedHashSet<>();
    List<AddressRange> ranges = new ArrayList<>();
    for (String raw : spec == null ? new String[0] : spec.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      try {
        TargetHost host = entry.contains("/") ? null : TargetHost.parse(entry);
        boolean isName = host != null && host.literal().isEmpty();
        if (isName) {
          names.add(host.name());
        } else {
          ranges.add(AddressRange.parse(entry));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "allow-list entry '"
                + entry
                + "' "
                + e.getMessage()
                + "; entries are host names, IP addresses or CIDR ranges");
      }
    }
    return new TargetAllowList(Set.copyOf(names), List.copyOf(ranges));
  }

  /**
   * True when the host itself is listed: its name, or for an IP literal an allowed range holding
   * it. Only such hosts may use plain http.
   */
  boolean allowsHost(TargetHost host) {
    return host.literal().map(this::allowsAddress).orElseGet(() -> names.contains(host.name()));
  }

  boolean allowsAddress(InetAddress address) {
    return ranges.stream().anyMatch(range -> range.contains(address));
  }
}
