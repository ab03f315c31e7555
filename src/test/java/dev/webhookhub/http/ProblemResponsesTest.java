package dev.webhookhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which methods a path allows, read from a router laid out as platform-http lays it out. */
class ProblemResponsesTest {

  private static Vertx vertx;
  private static Router router;

  @BeforeAll
  static void routes() {
    vertx = Vertx.vertx();
    router = Router.router(vertx);
    router.route().handler(ctx -> ctx.next());
    router.route("/observe/metrics*").handler(ctx -> ctx.next());
    // Vert.x adds a route to its router once it has a handler.
    router.route("/ingest/:source").method(HttpMethod.POST).handler(ctx -> ctx.end());
    router.route("/api/subscriptions").method(HttpMethod.GET).handler(ctx -> ctx.end());
    router.route("/api/subscriptions").method(HttpMethod.POST).handler(ctx -> ctx.end());
    router
        .route("/api/subscriptions/:id")
        .method(HttpMethod.GET)
        .method(HttpMethod.DELETE)
        .handler(ctx -> ctx.end());
    router
        .route("/observe/jolokia*")
        .method(HttpMethod.GET)
        .method(HttpMethod.POST)
        .handler(ctx -> ctx.end());
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  @Test
  void theMethodsOfEveryRouteWhosePathMatches() {
    assertThat(ProblemResponses.allowedMethods(router, "/ingest/ufp")).containsExactly("POST");
    assertThat(ProblemResponses.allowedMethods(router, "/ingest/ufp/")).containsExactly("POST");
    assertThat(ProblemResponses.allowedMethods(router, "/api/subscriptions"))
        .containsExactly("GET", "POST");
    assertThat(ProblemResponses.allowedMethods(router, "/api/subscriptions/sub_1"))
        .containsExactlyInAnyOrder("GET", "DELETE");
    assertThat(ProblemResponses.allowedMethods(router, "/observe/jolokia/read/x"))
        .containsExactlyInAnyOrder("GET", "POST");
  }

  @Test
  void aPathNoMethodRestrictedRouteTakesAllowsNothing() {
    assertThat(ProblemResponses.allowedMethods(router, "/ingest")).isEmpty();
    assertThat(ProblemResponses.allowedMethods(router, "/ingest/")).isEmpty();
    assertThat(ProblemResponses.allowedMethods(router, "/ingest/ufp/extra")).isEmpty();
    assertThat(ProblemResponses.allowedMethods(router, "/observe/metrics")).isEmpty();
    assertThat(ProblemResponses.allowedMethods(router, "/api/subscriptions/sub_1/test")).isEmpty();
  }
}
