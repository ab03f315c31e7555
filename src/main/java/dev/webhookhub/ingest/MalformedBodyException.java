package dev.webhookhub.ingest;

import dev.webhookhub.envelope.InvalidEventException;

/** The body is not JSON at all, as opposed to JSON that lacks what an event needs. */
public class MalformedBodyException extends InvalidEventException {

  public MalformedBodyException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
