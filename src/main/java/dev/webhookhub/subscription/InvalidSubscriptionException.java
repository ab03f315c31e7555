package dev.webhookhub.subscription;

/** A subscription request with a bad field; the message starts with the field's path. */
public class InvalidSubscriptionException extends RuntimeException {

  private final String field;

  public InvalidSubscriptionException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
