package dev.webhookhub.subscription;

import java.util.regex.Pattern;

/**
 * Event type patterns of a subscription: exact ({@code lead.created}), {@code family.*}, {@code *}.
 */
public final class EventTypePatterns {

  private static final Pattern VALID = Pattern.compile("\\*|[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?");

  private EventTypePatterns() {}

  public static boolean isValid(String pattern) {
    return VALID.matcher(pattern).matches();
  }

  /** {@code family.*} matches every type under that prefix, at any depth. */
  public static boolean matches(String pattern, String eventType) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      return eventType.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(eventType);
  }
}
