package dev.webhookhub.delivery.profile;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** How a MAC is written into a header. */
enum SignatureEncoding {
  /** Lower-case hex, 64 characters. */
  HEX {
    @Override
    String encode(byte[] mac) {
      return HexFormat.of().formatHex(mac);
    }
  },
  /** Standard base64 with padding, 44 characters. */
  BASE64 {
    @Override
    String encode(byte[] mac) {
      return Base64.getEncoder().encodeToString(mac);
    }
  };

  abstract String encode(byte[] mac);

  /** The option value naming this encoding: {@code hex} or {@code base64}. */
  String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
