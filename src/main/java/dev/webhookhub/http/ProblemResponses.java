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

  /** Turns the exchange's message into the problem response, with the problem's headers. */
  public static void write(Exchange exchange, ProblemException problem) {
    write(exchange, problem.problem());
    problem.headers().forEach(exchange.getMessage()::setHeader);
  }

  /**
   * Problems that the HTTP server detects before any route runs: a body over the size limit is
   * refused while it streams in, and would otherwise get a bare 413.
   */
  public static void installServerErrorPages(CamelContext context, int port, long maxBodyBytes) {
    VertxPlatformHttpRouter router =
        VertxPlatformHttpRouter.lookup(
            context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
    if (router == null) {
      router = VertxPlatformHttpRouter.lookup(context);
    }
    if (router == null) {
      throw new IllegalStateException("The HTTP server's router is not in the registry");
    }
    // A failure handler, not Router.errorHandler: platform-http routes live on a sub-router,
    // whose error handlers Vert.x does not consult.
    router
        .route()
        .failureHandler(
            ctx -> {
              HttpServerResponse response = ctx.response();
              if (ctx.statusCode() != 413 || response.ended()) {
                ctx.next();
                return;
              }
              ProblemDetails problem =
                  new ProblemDetails(
                      413,
                      "body-too-large",
                      "Request body too large",
                      "the body is larger than the limit of " + maxBodyBytes + " bytes");
              response
                  .setStatusCode(413)
                  .putHeader("Content-Type", ProblemDetails.CONTENT_TYPE)
                  .end(problem.toJson(ctx.request().path()));
            });
  }
}
