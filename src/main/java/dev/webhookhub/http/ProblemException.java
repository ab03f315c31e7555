package dev.webhookhub.http;

/** Ends an HTTP request with the given problem details; routes map it to the response. */
public class ProblemException extends RuntimeException {

  private final ProblemDetails problem;

  public ProblemException(int status, String kind, String title, String detail) {
    super(detail);
    this.problem = new ProblemDetails(status, kind, title, detail);
  }

  public ProblemDetails problem() {
    return problem;
  }
}
