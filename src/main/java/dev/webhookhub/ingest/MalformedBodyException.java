package dev.webhookhub.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.webhookhub.envelope.InvalidEventException;

/** The body is not JSON at all, as opposed to JSON that lacks what an event needs. */
public class MalformedBodyException extends InvalidEventException {

  public MalformedBodyException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /**
   * The reason a sender can act on, for a parse failure of a body read with {@code limits}. A body
   * past one of the parser's limits (nesting, number or string length) is valid JSON the hub will
   * not read, and has no location: the message names the limit instead of line and column.
   */
  public static MalformedBodyException of(JsonProcessingException e, StreamReadConstraints limits) {
    if (e instanceof StreamConstraintsException) {
      return new MalformedBodyException(pastLimit(e.getOriginalMessage(), limits), e);
    }
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new MalformedBodyException(
        "the body is not valid JSON: " + e.getOriginalMessage() + where, e);
  }

  /** Jackson says which limit only in its message, whose start has been stable since 2.15. */
  private static String pastLimit(String message, StreamReadConstraints limits) {
    String text = message == null ? "" : message;
    if (text.startsWith("Document nesting depth")) {
      return "the body is nested too deeply: JSON arrays and objects may be nested at most "
          + limits.getMaxNestingDepth()
          + " levels deep";
    }
    if (text.startsWith("Number value length")) {
      return "the body holds a number that is too long: at most "
          + limits.getMaxNumberLength()
          + " characters";
    }
    if (text.startsWith("String value length")) {
      return "the body holds a string that is too long: at most "
          + limits.getMaxStringLength()
          + " characters";
    }
    if (text.startsWith("Name length")) {
      return "the body holds a field name that is too long: at most "
          + limits.getMaxNameLength()
          + " characters";
    }
    return "the body exceeds a limit of the hub's JSON parser: " + text;
  }
}
