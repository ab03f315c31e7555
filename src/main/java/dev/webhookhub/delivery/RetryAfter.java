package dev.webhookhub.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (seconds, or an HTTP date) and keeps it within bounds: a
 * receiver may slow the hub down, but not make it retry in a busy loop or wait for days.
 */
public final class RetryAfter {

  static final Duration MIN = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofHours(6);

  private RetryAfter() {}

  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    Duration wait;
    if (value.chars().allMatch(Character::isDigit)) {
      wait = Duration.ofSeconds(Long.parseLong(value.length() > 9 ? "999999999" : value));
    } else {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(now, at);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (wait.compareTo(MIN) < 0) {
      return Optional.of(MIN);
    }
    return Optional.of(wait.compareTo(MAX) > 0 ? MAX : wait);
  }
}
