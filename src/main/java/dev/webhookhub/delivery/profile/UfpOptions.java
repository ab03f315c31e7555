package dev.webhookhub.delivery.profile;

import dev.webhookhub.envelope.DateOrder;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A subscription's options for the UFP profile. UFP's documentation leaves the time zone, the date
 * order and the signature's encoding open, so each receiver may need its own.
 *
 * @param zone zone {@code created_at} is written in; option {@code zone}, default {@code UTC}
 * @param dateOrder date order of {@code created_at}; option {@code date-order}, default {@code MDY}
 * @param encoding encoding of {@code X-UFP-Signature}; option {@code signature-encoding}, {@code
 *     hex} (default) or {@code base64}
 * @param prefix written before each signature, e.g. {@code sha256=}; option {@code
 *     signature-prefix}, default none
 */
record UfpOptions(ZoneId zone, DateOrder dateOrder, SignatureEncoding encoding, String prefix) {

  static final String ZONE = "zone";
  static final String DATE_ORDER = "date-order";
  static final String SIGNATURE_ENCODING = "signature-encoding";
  static final String SIGNATURE_PREFIX = "signature-prefix";

  private static final Set<String> KEYS =
      new TreeSet<>(Set.of(ZONE, DATE_ORDER, SIGNATURE_ENCODING, SIGNATURE_PREFIX));

  /**
   * @throws ProfileOptionException naming the first unknown or invalid option
   */
  static UfpOptions from(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw invalid(key, options.get(key), "known options are " + String.join(", ", KEYS));
      }
    }
    return new UfpOptions(
        parse(options, ZONE, ZoneId.of("UTC"), ZoneId::of, "a zone id such as UTC or Asia/Kolkata"),
        parse(
            options,
            DATE_ORDER,
            DateOrder.MDY,
            text -> DateOrder.valueOf(text.toUpperCase(Locale.ROOT)),
            "one of " + names(Stream.of(DateOrder.values()).map(DateOrder::name))),
        parse(
            options,
            SIGNATURE_ENCODING,
            SignatureEncoding.HEX,
            text -> SignatureEncoding.valueOf(text.toUpperCase(Locale.ROOT)),
            "one of "
                + names(Stream.of(SignatureEncoding.values()).map(SignatureEncoding::optionValue))),
        parse(options, SIGNATURE_PREFIX, "", UfpOptions::prefix, "visible ASCII without a comma"));
  }

  private static <T> T parse(
      Map<String, String> options,
      String key,
      T fallback,
      Function<String, T> parser,
      String expected) {
    String text = options.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      return parser.apply(text.trim());
    } catch (IllegalArgumentException | DateTimeException e) {
      throw invalid(key, text, "expected " + expected);
    }
  }

  /** A prefix must be a valid header value and must not split a rotation's list of signatures. */
  private static String prefix(String text) {
    if (!text.matches("[\\x21-\\x7e]*") || text.contains(BodySignature.SEPARATOR)) {
      throw new IllegalArgumentException("not a usable prefix");
    }
    return text;
  }

  private static ProfileOptionException invalid(String key, String value, String expected) {
    return new ProfileOptionException(UfpProfile.NAME, key, value, expected);
  }

  private static String names(Stream<String> values) {
    return String.join(", ", values.toList());
  }
}
