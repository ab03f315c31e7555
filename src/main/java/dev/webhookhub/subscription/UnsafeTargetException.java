package dev.webhookhub.subscription;

/**
 * A delivery target the hub refuses to send to. The message names the field and says why, and is
 * safe to show to the API caller: it never echoes credentials from the URL.
 */
public class UnsafeTargetException extends RuntimeException {

  private final String field;
  private final String problem;

  public UnsafeTargetException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** Why the target is refused, without the field name. */
  public String problem() {
    return problem;
  }

  /** The request field holding the refused URL, such as {@code url}. */
  public String field() {
    return field;
  }
}
