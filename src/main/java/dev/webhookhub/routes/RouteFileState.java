package dev.webhookhub.routes;

import java.time.Instant;
import java.util.Set;

/**
 * What the hub made of one routes file at its last change.
 *
 * @param file path relative to the routes directory
 * @param loaded the routes and templates now running from this file: the new ones after a good
 *     load, the previous good version's after a failed one
 * @param error why the last version failed, {@code null} when it loaded
 * @param line 1-based line of the problem, 0 when unknown or loaded
 */
public record RouteFileState(
    String file,
    String contentHash,
    RouteFileLoader.Loaded loaded,
    String error,
    int line,
    int column,
    Instant changedAt) {

  static RouteFileState loaded(
      String file, String hash, RouteFileLoader.Loaded loaded, Instant at) {
    return new RouteFileState(file, hash, loaded, null, 0, 0, at);
  }

  static RouteFileState failed(
      String file,
      String hash,
      RouteFileLoader.Loaded stillRunning,
      RouteFileException error,
      Instant at) {
    return new RouteFileState(
        file, hash, stillRunning, error.getMessage(), error.line(), error.column(), at);
  }

  public boolean ok() {
    return error == null;
  }

  public Set<String> routeIds() {
    return loaded.routeIds();
  }

  public Set<String> templateIds() {
    return loaded.templateIds();
  }
}
