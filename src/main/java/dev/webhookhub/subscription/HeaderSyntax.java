package dev.webhookhub.subscription;

import java.util.regex.Pattern;

/**
 * What a subscription's custom header may hold so that it is sent exactly as saved. HTTP/1.1 puts
 * bytes on the wire, not text: a character beyond ASCII is sent as {@code ?} by the HTTP client,
 * and a line break would end the header and start another. The reasons never quote the value, which
 * may be a secret.
 */
public final class HeaderSyntax {

  /** RFC 9110 §5.6.2: a field name is a token. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

  private HeaderSyntax() {}

  /**
   * @return {@code null} if {@code name} is a field name, else why not
   */
  public static String nameProblem(String name) {
    return TOKEN.matcher(name).matches()
        ? null
        : "is not a valid header name: 1 to 100 characters of an RFC 9110 token (letters, digits"
            + " and !#$%&'*+-.^_`|~)";
  }

  /**
   * @return {@code null} if {@code value} is sent as it is, else why not
   */
  public static String valueProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        return "must not contain line breaks (CR or LF)";
      }
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return "must be visible ASCII, space or tab; character "
            + (i + 1)
            + " is not (encode other text, e.g. as base64)";
      }
    }
    if (!value.isEmpty()
        && (isBlank(value.charAt(0)) || isBlank(value.charAt(value.length() - 1)))) {
      return "must not start or end with a space or tab, which HTTP drops";
    }
    return null;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
