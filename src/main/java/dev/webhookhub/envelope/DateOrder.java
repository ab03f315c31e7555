package dev.webhookhub.envelope;

/** Order of day, month and year in a source's local date format such as {@code 11/06/2025}. */
public enum DateOrder {
  /** Month first, as in {@code 11/06/2025} = 6 November 2025. */
  MDY("MM/dd/uuuu"),
  /** Day first, as in {@code 11/06/2025} = 11 June 2025. */
  DMY("dd/MM/uuuu"),
  /** Year first, as in {@code 2025/11/06}. */
  YMD("uuuu/MM/dd");

  private final String pattern;

  DateOrder(String pattern) {
    this.pattern = pattern;
  }

  /** The {@link java.time.format.DateTimeFormatter} pattern of the date part. */
  public String datePattern() {
    return pattern;
  }
}
