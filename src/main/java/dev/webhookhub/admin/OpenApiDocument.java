package dev.webhookhub.admin;

import dev.webhookhub.admin.AdminApiRoutes.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;

/**
 * Serves {@code /api/openapi.json}. The document is written by hand beside the code (resource
 * {@code openapi.json}) rather than generated, so that it can say what the REST plumbing cannot
 * know: which fields are secret, shown once, masked or validated how. A test keeps it in step with
 * the endpoints.
 */
public final class OpenApiDocument {

  private final String document;

  public OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Endpoint endpoint() {
    return new Endpoint("get", "/openapi.json", "openapi", this::serve);
  }

  private void serve(Exchange exchange) {
    exchange.getMessage().removeHeaders("*");
    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    exchange.getMessage().setBody(document);
  }
}
