package dev.webhookhub.envelope;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the timestamps sources write into the envelope's UTC instant.
 *
 * <p>Accepted, in this order:
 *
 * <ol>
 *   <li>ISO-8601 with an offset or zone ({@code 2025-11-06T17:22:00Z}, {@code
 *       2025-11-06T22:52:00+05:30}): the offset wins over the source's zone;
 *   <li>ISO-8601 local date-time ({@code 2025-11-06T17:22:00}): read in the source's zone;
 *   <li>the source's local format: its {@link DateOrder} date, a space, then {@code HH:mm}, {@code
 *       HH:mm:ss} or {@code HH.mm} (UFP writes {@code 17:22} and {@code 17.22} side by side), read
 *       in the source's zone.
 * </ol>
 *
 * <p>Parsing is strict: {@code 02/30/2025} or hour {@code 24} is rejected rather than rolled over,
 * because a silently shifted event time is worse than a rejected event.
 */
public final class SourceTimestamps {

  private static final List<String> LOCAL_TIME_PATTERNS = List.of("HH:mm", "HH:mm:ss", "HH.mm");

  private static final Map<DateOrder, List<DateTimeFormatter>> LOCAL_FORMATS = localFormats();

  private SourceTimestamps() {}

  /**
   * @param text the timestamp as the source wrote it
   * @param settings the source's zone and date order
   * @param field the field the timestamp came from, named in the error
   * @return the instant as {@link Instant#toString()} prints it, e.g. {@code 2025-11-06T17:22:00Z}
   * @throws InvalidEventException when the text is blank or in none of the accepted formats
   */
  public static String toUtc(String text, SourceSettings settings, String field) {
    if (text == null || text.isBlank()) {
      throw new InvalidEventException(field + " is missing");
    }
    Instant instant = parseIso(text, settings);
    if (instant == null) {
      instant = parseLocal(text, settings);
    }
    if (instant == null) {
      throw new InvalidEventException(
          String.format(
              "%s '%s' is not a timestamp (expected ISO-8601 or %s %s)",
              field, text, settings.dateOrder().datePattern(), LOCAL_TIME_PATTERNS.get(0)));
    }
    return instant.toString();
  }

  private static Instant parseIso(String text, SourceSettings settings) {
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
      if (parsed instanceof ZonedDateTime zoned) {
        return zoned.toInstant();
      }
      return ((LocalDateTime) parsed).atZone(settings.zone()).toInstant();
    } catch (DateTimeException notIso) {
      return null;
    }
  }

  private static Instant parseLocal(String text, SourceSettings settings) {
    for (DateTimeFormatter format : LOCAL_FORMATS.get(settings.dateOrder())) {
      try {
        return LocalDateTime.parse(text, format).atZone(settings.zone()).toInstant();
      } catch (DateTimeException notThisPattern) {
        // try the next time pattern
      }
    }
    return null;
  }

  private static Map<DateOrder, List<DateTimeFormatter>> localFormats() {
    Map<DateOrder, List<DateTimeFormatter>> formats = new EnumMap<>(DateOrder.class);
    for (DateOrder order : DateOrder.values()) {
      formats.put(
          order,
          LOCAL_TIME_PATTERNS.stream()
              .map(time -> DateTimeFormatter.ofPattern(order.datePattern() + " " + time))
              .map(format -> format.withResolverStyle(ResolverStyle.STRICT))
              .toList());
    }
    return formats;
  }
}
