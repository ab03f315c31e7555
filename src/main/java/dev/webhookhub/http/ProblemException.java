package dev.webhookhub.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ends an HTTP request with the given problem details; routes map it to the response. */
public class ProblemException extends RuntimeException {

  private final ProblemDetails problem;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ProblemException(int status, String kind, String title, String detail) {
    super(detail);
    this.problem = new ProblemDetails(status, kind, title, detail);
  }

  public ProblemDetails problem() {
    return problem;
  }

  /** Adds a response header, e.g. {@code WWW-Authenticate} for a 401. */
  public ProblemException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Response headers beside the problem body. */
  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }
}
