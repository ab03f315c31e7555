package dev.webhookhub.subscription;

/**
 * Writes addresses for people: dotted IPv4, and IPv6 in the RFC 5952 short form ({@code ::1} rather
 * than the JDK's {@code 0:0:0:0:0:0:0:1}), so that refusals read like what users typed.
 */
final class AddressText {

  private AddressText() {}

  /** Raw address bytes: 4 for IPv4, 16 for IPv6. */
  static String of(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    // The longest run of two or more zero groups becomes "::"; the first one wins a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int start = 0; start < 8; start++) {
      int length = 0;
      while (start + length < 8 && groups[start + length] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = start;
        bestLength = length;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
