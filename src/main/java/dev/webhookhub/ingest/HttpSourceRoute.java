package dev.webhookhub.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.http.ProblemException;
import java.time.Instant;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code POST /ingest/<source>}: checks the request, hands the body to the normalisation route and
 * answers {@code 202 {"eventId": …}} once the event is safely on the broker.
 *
 * <p>The same steps serve a path of the integrator's choosing through the route template {@value
 * #TEMPLATE} (parameters {@code path}, {@code source}, {@code normaliser}): such a route fixes the
 * source instead of reading it from the path, and declares it to the hub when it is created.
 *
 * <p>Both check the source's credentials ({@link SourceAuthentication}) first, on the raw body, so
 * that a request without them learns nothing else and reaches nothing.
 */
public final class HttpSourceRoute extends RouteBuilder {

  /** Route template name, used from YAML to add an HTTP path source. */
  public static final String TEMPLATE = "hub-http-source";

  /** Request header naming the organization, for sources whose messages carry none. */
  public static final String ORGANIZATION_HEADER = "Hub-Organization-Id";

  /** Request header naming the location. */
  public static final String LOCATION_HEADER = "Hub-Location-Id";

  private final KnownSources sources;
  private final SourceAuthentication authentication;
  private final long maxBodyBytes;
  private final ObjectMapper json;

  public HttpSourceRoute(
      KnownSources sources,
      SourceAuthentication authentication,
      long maxBodyBytes,
      ObjectMapper json) {
    this.sources = sources;
    this.authentication = authentication;
    this.maxBodyBytes = maxBodyBytes;
    this.json = json;
  }

  @Override
  public void configure() {
    from("platform-http:/ingest/{source}?httpMethodRestrict=POST")
        .routeId("ingest-http")
        .routeConfigurationId(IngestErrorHandling.HTTP)
        .process(this::acceptRequest)
        .to(Ingest.NORMALISE)
        .process(this::reply);

    routeTemplate(TEMPLATE)
        .templateParameter("path")
        .templateParameter("source")
        .templateParameter("normaliser")
        .configure(
            template -> {
              TemplateParameters parameters = new TemplateParameters(template);
              if (!parameters.required("path").startsWith("/")) {
                throw new IllegalArgumentException(
                    "the path '" + parameters.required("path") + "' must start with /");
              }
              sources.declare(parameters.required("source"), parameters.required("normaliser"));
            })
        .from("platform-http:{{path}}?httpMethodRestrict=POST")
        .routeConfigurationId(IngestErrorHandling.HTTP)
        .setProperty(Ingest.SOURCE, constant("{{source}}"))
        .process(this::acceptRequest)
        .to(Ingest.NORMALISE)
        .process(this::reply);
  }

  /** Checks the request; the source is the route's own (template) or the path's. */
  private void acceptRequest(Exchange exchange) {
    Message message = exchange.getMessage();
    String source = exchange.getProperty(Ingest.SOURCE, String.class);
    if (source == null) {
      source = message.getHeader("source", String.class);
    }
    if (!sources.knows(source)) {
      throw new ProblemException(
          404,
          "unknown-source",
          "Unknown source",
          "there is no source named '" + source + "'; known sources: " + sources.names());
    }
    byte[] body = message.getBody(byte[].class);
    authentication.authenticate(
        source, name -> message.getHeader(name, String.class), body == null ? new byte[0] : body);
    String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
    if (!isJson(contentType)) {
      throw new ProblemException(
          415,
          "unsupported-media-type",
          "Unsupported media type",
          "the Content-Type is '"
              + (contentType == null ? "" : contentType)
              + "'; send application/json");
    }
    if (body != null && body.length > maxBodyBytes) {
      throw new ProblemException(
          413,
          "body-too-large",
          "Request body too large",
          "the body is larger than the limit of " + maxBodyBytes + " bytes");
    }
    exchange.setProperty(Ingest.SOURCE, source);
    exchange.setProperty(Ingest.ORGANIZATION_HINT, message.getHeader(ORGANIZATION_HEADER));
    exchange.setProperty(Ingest.LOCATION_HINT, message.getHeader(LOCATION_HEADER));
    exchange.setProperty(Ingest.RECEIVED_AT, Instant.now());
    message.setBody(body == null ? "" : Utf8Body.decode(body));
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  private void reply(Exchange exchange) {
    ObjectNode body = json.createObjectNode();
    body.put("eventId", exchange.getProperty(Ingest.EVENT_ID, String.class));
    body.put("duplicate", exchange.getProperty(Ingest.DUPLICATE, false, Boolean.class));
    Message message = exchange.getMessage();
    message.removeHeaders("*");
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    message.setBody(body.toString());
  }
}
