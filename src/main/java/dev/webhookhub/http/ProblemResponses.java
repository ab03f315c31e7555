package dev.webhookhub.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
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
   * Problems that the HTTP server detects before any route runs or instead of one: a body over the
   * size limit is refused while it streams in, and a request no route takes is an unknown path or a
   * wrong method. Vert.x would answer a bare 413, an HTML 404, or a 405 whose {@code Allow} is
   * empty (it cannot see the methods of the sub-router that platform-http routes live on).
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
    installNoRouteAnswers(router);
    installUndecodableAnswer(router);
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
              end(
                  ctx,
                  new ProblemDetails(
                      413,
                      "body-too-large",
                      "Request body too large",
                      "the body is larger than the limit of " + maxBodyBytes + " bytes"));
            });
  }

  /** The same answers on camel-main's management server, if it runs. */
  public static void installManagementErrorPages(CamelContext context) {
    ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
    if (server != null && server.getRouter() != null) {
      installNoRouteAnswers(server.getRouter());
      installUndecodableAnswer(server.getRouter());
    }
  }

  /**
   * A path Vert.x cannot decode ({@code /api/deliveries/%ZZ}) fails while the router matches
   * routes, before any route runs; Vert.x answers such a failure with the router's error handler
   * for 400 (a bare "Bad Request" otherwise). No failure handler sees it: matching never reached
   * one.
   */
  private static void installUndecodableAnswer(VertxPlatformHttpRouter platformRouter) {
    // The failure is the server's top router's, which platform-http does not expose; it is the
    // request handler of the Vert.x server.
    Router router =
        platformRouter.getServer() != null
                && platformRouter.getServer().getServer() != null
                && platformRouter.getServer().getServer().requestHandler() instanceof Router top
            ? top
            : platformRouter;
    router.errorHandler(
        400,
        ctx -> {
          if (ctx.response().ended()) {
            return;
          }
          Throwable failure = ctx.failure();
          end(
              ctx,
              new ProblemDetails(
                  400,
                  "malformed-request",
                  "Malformed request",
                  "the request cannot be read"
                      + (failure == null || failure.getMessage() == null
                          ? ""
                          : ": " + failure.getMessage())));
        });
  }

  /**
   * The last route of {@code router}, reached only by a request that no other route ended: a 405
   * naming the methods of the routes whose path matches, or a 404 when none does.
   */
  private static void installNoRouteAnswers(Router router) {
    router
        .route()
        .last()
        .handler(
            ctx -> {
              String path = ctx.normalizedPath();
              Set<String> allowed = allowedMethods(router, path);
              if (allowed.isEmpty()) {
                end(
                    ctx,
                    new ProblemDetails(
                        404, "not-found", "Not found", "there is nothing at " + path));
                return;
              }
              ctx.response().putHeader("Allow", String.join(", ", allowed));
              end(
                  ctx,
                  new ProblemDetails(
                      405,
                      "method-not-allowed",
                      "Method not allowed",
                      path
                          + " accepts "
                          + String.join(", ", allowed)
                          + ", not "
                          + ctx.request().method()));
            });
  }

  /**
   * The methods of the routes that take {@code path}. Only routes restricted to methods count: the
   * others (authentication, body handling) take every method and end nothing by themselves.
   */
  static Set<String> allowedMethods(Router router, String path) {
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      if (methods != null && !methods.isEmpty() && pathMatches(route, path)) {
        methods.forEach(m -> allowed.add(m.name()));
      }
    }
    return allowed;
  }

  /** Vert.x keeps a route's path as given: exact with {@code :name} segments, or a prefix. */
  static boolean pathMatches(Route route, String path) {
    String template = route.getPath();
    if (template == null) {
      return false;
    }
    if (!route.isExactPath()) {
      return path.startsWith(template);
    }
    String[] expected = trimSlash(template).split("/", -1);
    String[] actual = trimSlash(path).split("/", -1);
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      boolean parameter = expected[i].startsWith(":") && !actual[i].isEmpty();
      if (!parameter && !expected[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static void end(RoutingContext ctx, ProblemDetails problem) {
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", ProblemDetails.CONTENT_TYPE)
        .end(problem.toJson(ctx.request().path()));
  }
}
