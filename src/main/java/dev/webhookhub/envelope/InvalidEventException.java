package dev.webhookhub.envelope;

/**
 * A source message that cannot become an envelope. The message is safe to show to the sender: it
 * names what is wrong and never echoes secrets.
 */
public class InvalidEventException extends RuntimeException {

  public InvalidEventException(String reason) {
    super(reason);
  }

  public InvalidEventException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
