package dev.webhookhub.envelope;

/**
 * A source message that cannot become an envelope. The message is safe to show to the sender: it
 * names what is wrong and never echoes secrets. A reason that quotes a huge value is cut to {@value
 * #MAX_REASON} characters: it travels as a JMS property ({@code HubInvalidReason}), which the
 * broker refuses beyond its header size, and as a problem detail and an outbox row's error.
 */
public class InvalidEventException extends RuntimeException {

  static final int MAX_REASON = 1_000;

  public InvalidEventException(String reason) {
    super(cut(reason));
  }

  public InvalidEventException(String reason, Throwable cause) {
    super(cut(reason), cause);
  }

  private static String cut(String reason) {
    if (reason == null || reason.length() <= MAX_REASON) {
      return reason;
    }
    return reason.substring(0, MAX_REASON)
        + String.format(
            java.util.Locale.ROOT, "… (%,d characters cut)", reason.length() - MAX_REASON);
  }
}
