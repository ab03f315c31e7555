package dev.webhookhub.http;

import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** Writes {@link ProblemDetails} as the HTTP response, from a route or from the HTTP server. */
public final class ProblemResponses {

  private ProblemResponses() {}

  /** Turns the exchange's message into the problem response. */
  public static void write(Exchange exchange, ProblemDetails problem) {
    Message message = exchange.getMessage();
    String path = message.getHeader(Exchange.HTTP_PATH, String.class);
    String uri = message.getHeader(Exchange.HTTP_URI, String.class);
    message.removeHeaders("*");
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
    message.setHeader(Exchange.CONTENT_TYPE, ProblemDetails.CONTENT_TYPE);
    message.setBody(problem.toJson(uri != null ? uri : path));
  }

  /**
   * Problems that the HTTP server detects before any route runs: a body over the size limit is
   * refused while it streams in, and would otherwise get a bare 413.
   */
  public static void installServerErrorPages(CamelContext context, long maxBodyBytes) {
    VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context);
    if (router == null) {
      return;
    }
    router.errorHandler(
        413,
        ctx -> {
          ProblemDetails problem =
              new ProblemDetails(
                  413,
                  "body-too-large",
                  "Request body too large",
                  "the body is larger than the limit of " + maxBodyBytes + " bytes");
          HttpServerResponse response = ctx.response();
          if (!response.ended()) {
            response
                .setStatusCode(413)
                .putHeader("Content-Type", ProblemDetails.CONTENT_TYPE)
                .end(problem.toJson(ctx.request().path()));
          }
        });
  }
}
