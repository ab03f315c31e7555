package dev.webhookhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document describes exactly the endpoints the hub serves. */
class OpenApiDocumentTest {

  @Test
  void documentsEveryEndpointAndNoOther() throws Exception {
    JsonNode document =
        new ObjectMapper().readTree(OpenApiDocumentTest.class.getResourceAsStream("/openapi.json"));
    // The handlers are never called here, so the admin needs none of its collaborators.
    List<String> served =
        Stream.of(
                new SubscriptionAdmin(
                        null, null, null, null, null, null, null, null, null, new ObjectMapper())
                    .endpoints(),
                new DeliveryAdmin(null, null, null, null, new ObjectMapper()).endpoints(),
                new RoutesAdmin(null, null, new ObjectMapper()).endpoints(),
                List.of(new OpenApiDocument().endpoint()))
            .flatMap(List::stream)
            .map(e -> e.method() + " /api" + e.path())
            .toList();
    List<String> documented = new ArrayList<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(m + " " + path.getKey())));

    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    assertThat(document.path("openapi").asText()).startsWith("3.");
  }
}
