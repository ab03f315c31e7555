package dev.webhookhub.admin;

import dev.webhookhub.http.ProblemDetails;
import dev.webhookhub.http.ProblemException;
import dev.webhookhub.http.ProblemResponses;
import dev.webhookhub.ingest.MalformedBodyException;
import dev.webhookhub.subscription.InvalidSubscriptionException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;

/**
 * The admin API under {@code /api}: every call needs the bearer token, every error is problem+json.
 * Each endpoint is one row of {@link #endpoints}; the REST and route plumbing is the same for all
 * of them.
 */
public final class AdminApiRoutes extends RouteBuilder {

  /** One endpoint: HTTP method, path under /api, and what it does. */
  public record Endpoint(String method, String path, String id, Processor handler) {}

  private final AdminToken token;
  private final List<Endpoint> endpoints;

  public AdminApiRoutes(AdminToken token, List<Endpoint> endpoints) {
    this.token = token;
    this.endpoints = endpoints;
  }

  @Override
  public void configure() {
    restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

    onException(ProblemException.class)
        .handled(true)
        .process(e -> ProblemResponses.write(e, caught(e, ProblemException.class)));
    onException(MalformedBodyException.class)
        .handled(true)
        .process(
            e ->
                ProblemResponses.write(
                    e,
                    new ProblemDetails(
                        400,
                        "malformed-json",
                        "Malformed JSON",
                        caught(e, Exception.class).getMessage())));
    onException(InvalidSubscriptionException.class)
        .handled(true)
        .process(
            e ->
                ProblemResponses.write(
                    e,
                    new ProblemDetails(
                        422,
                        "invalid-subscription",
                        "Invalid subscription",
                        caught(e, Exception.class).getMessage())));
    onException(Exception.class)
        .handled(true)
        .log("Admin API call failed: ${exception}")
        .process(
            e ->
                ProblemResponses.write(
                    e,
                    new ProblemDetails(
                        500,
                        "internal-error",
                        "Internal error",
                        "the hub could not complete the call; see its log")));

    RestDefinition api = rest("/api");
    for (Endpoint endpoint : endpoints) {
      String direct = "direct:admin-" + endpoint.id();
      api.verb(endpoint.method(), endpoint.path()).to(direct);
      from(direct)
          .routeId("admin-" + endpoint.id())
          .process(e -> token.check(e.getMessage().getHeader("Authorization", String.class)))
          .process(endpoint.handler());
    }
  }

  private static <T extends Exception> T caught(Exchange exchange, Class<T> type) {
    return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, type);
  }
}
