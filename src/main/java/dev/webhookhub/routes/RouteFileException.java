package dev.webhookhub.routes;

/**
 * A routes file that could not be loaded, with where in the file the problem is when that is known.
 *
 * @param line 1-based, or 0 when unknown
 * @param column 1-based, or 0 when unknown
 */
public final class RouteFileException extends Exception {

  private final int line;
  private final int column;

  public RouteFileException(String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
