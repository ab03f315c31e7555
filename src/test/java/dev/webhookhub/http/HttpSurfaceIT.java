package dev.webhookhub.http;

import static dev.webhookhub.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.reliability.RawHttp;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sees at the edges of the hub's HTTP surface: hostile bodies, unknown paths and
 * methods, missing credentials, requests the admin API cannot honour. One hub serves every test
 * here; none of them changes what another sees. The answers do not depend on the database, so H2
 * alone is enough.
 */
class HttpSurfaceIT {

  private static final String TEMPLATE_SOURCE =
      """
      - templatedRoute:
          routeTemplateRef: hub-http-source
          parameters:
            - {name: path, value: /hooks/crm-web}
            - {name: source, value: crm-web}
            - {name: normaliser, value: fitprotracker}
      """;

  @TempDir static Path dir;
  private static TestHub hub;
  private static Senders send;
  private static AdminClient admin;

  @BeforeAll
  static void startHub() throws Exception {
    Path routes = Files.createDirectories(dir.resolve("routes").resolve("sources"));
    Files.writeString(routes.resolve("crm.camel.yaml"), TEMPLATE_SOURCE);
    hub =
        new TestHub(dir.resolve("hub"), new TestDatabase.H2())
            .with("hub.routes.dir", dir.resolve("routes").toString())
            .start();
    send = new Senders(hub);
    admin = new AdminClient(hub);
  }

  @AfterAll
  static void stopHub() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  /** 10,000 levels of arrays or objects: the parser's limit, not a broker outage. */
  @Test
  void jsonNestedTooDeeplyIsABadRequestOnEveryPathAndParkedFromAQueue() throws Exception {
    for (String deep : new String[] {nested("[", "]"), nested("{\"a\":", "}")}) {
      for (var response :
          List.of(
              send.httpJson("ufp", deep),
              send.httpJson("fineguide", deep),
              send.post("/hooks/crm-web", "application/json", deep, Map.of()))) {
        JsonNode problem = assertProblem(response, 400, "malformed-json");
        assertThat(problem.path("detail").asText()).contains("nested too deeply").contains("1000");
      }
      assertThat(
              problemDetail(
                  assertProblem(
                      admin.call("POST", "/api/subscriptions", deep), 400, "malformed-json")))
          .contains("nested too deeply");
    }

    String deep = nested("[", "]");
    send.jms("hub.ingest.ufp", deep, Map.of());
    Exchange parked =
        hub.context().createConsumerTemplate().receive("jms:queue:hub.ingest.invalid", 20_000);
    assertThat(parked).as("parked on hub.ingest.invalid").isNotNull();
    assertThat(parked.getMessage().getBody(String.class)).isEqualTo(deep);
    assertThat(parked.getMessage().getHeader("HubInvalidReason", String.class))
        .contains("nested too deeply");
  }

  /** Numbers and strings past the parser's limits get the same kind of answer. */
  @Test
  void hugeNumbersAreABadRequestThatSaysSo() throws Exception {
    String huge = "{\"n\": " + "9".repeat(5000) + "}";
    JsonNode problem = assertProblem(send.httpJson("ufp", huge), 400, "malformed-json");
    assertThat(problem.path("detail").asText()).contains("number").contains("1000");
  }

  /** RFC 6750: a 401 says to send a bearer token, and whether the one sent was the problem. */
  @Test
  void anAdminCallWithoutTheRightTokenIsChallengedForABearerToken() throws Exception {
    var missing = new AdminClient(hub, null).call("GET", "/api/subscriptions", null);
    assertProblem(missing, 401, "unauthorized");
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"webhook-hub\"");

    var wrong = new AdminClient(hub, "not-the-token").call("GET", "/api/subscriptions", null);
    assertProblem(wrong, 401, "unauthorized");
    assertThat(wrong.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"webhook-hub\", error=\"invalid_token\"");
  }

  /**
   * A path Vert.x cannot percent-decode failed while routes were matched, and Vert.x answered a
   * bare 400 "Bad Request" (the fuzzer's GET /api/deliveries/%ZZ); the JDK client cannot send one.
   */
  @Test
  void anUndecodablePathIsAProblem() throws Exception {
    RawHttp http = new RawHttp(URI.create(hub.httpUrl("/")).getPort());
    for (String target :
        List.of("/api/deliveries/%ZZ", "/api/subscriptions?organizationId=%Z", "/ingest/u%fp")) {
      RawHttp.Response response =
          http.send("GET", target, Map.of("Authorization", "Bearer " + TestHub.ADMIN_TOKEN), null);
      assertThat(response.status()).as(target).isEqualTo(400);
      assertThat(response.header("content-type")).as(target).startsWith("application/problem+json");
      assertThat(response.body()).as(target).contains("urn:webhook-hub:problem:malformed-request");
    }
  }

  /** README promises problem+json for every error: a wrong path or method is no exception. */
  @Test
  void unknownPathsAndWrongMethodsAreProblemsThatSayWhatIsAllowed() throws Exception {
    for (String path : new String[] {"/nothing-here", "/api/nothing-here", "/ingest"}) {
      JsonNode problem = assertProblem(call("GET", hub.httpUrl(path)), 404, "not-found");
      assertThat(problem.path("detail").asText()).contains(path);
    }

    var getIngest = call("GET", hub.httpUrl("/ingest/ufp"));
    assertProblem(getIngest, 405, "method-not-allowed");
    assertThat(getIngest.headers().firstValue("Allow")).hasValue("POST");
    var putTemplate = call("PUT", hub.httpUrl("/hooks/crm-web"));
    assertProblem(putTemplate, 405, "method-not-allowed");
    assertThat(putTemplate.headers().firstValue("Allow")).hasValue("POST");
    var deleteList = call("DELETE", hub.httpUrl("/api/subscriptions"));
    assertProblem(deleteList, 405, "method-not-allowed");
    assertThat(allowed(deleteList)).containsExactlyInAnyOrder("GET", "POST");
    var postOne = call("POST", hub.httpUrl("/api/subscriptions/sub-1"));
    assertProblem(postOne, 405, "method-not-allowed");
    assertThat(allowed(postOne)).containsExactlyInAnyOrder("GET", "PATCH", "PUT", "DELETE");

    // The management server: its own paths and methods.
    assertProblem(call("GET", hub.managementUrl("/nothing-here")), 404, "not-found");
    var postHealth = call("POST", hub.managementUrl("/observe/health"));
    assertProblem(postHealth, 405, "method-not-allowed");
    assertThat(allowed(postHealth)).contains("GET");
  }

  /**
   * Recover without a body: the operator is told what body to send, not that a subscription is
   * invalid. Other request fields of the delivery operations are not subscription fields either.
   */
  @Test
  void recoverWithoutABodySaysWhichBodyItNeeds() throws Exception {
    String id =
        admin
            .create(
                """
                {"organizationId": "org-recover", "eventTypes": ["*"],
                 "url": "http://127.0.0.1:9/hooks"}
                """)
            .path("id")
            .asText();
    String recover = "/api/subscriptions/" + id + "/recover";
    JsonNode noBody = assertProblem(admin.call("POST", recover, null), 422, "invalid-request");
    assertThat(noBody.path("title").asText()).isEqualTo("Invalid request");
    assertThat(noBody.path("detail").asText()).contains("{\"since\": \"");
    assertProblem(
        admin.call("POST", recover, "{\"since\": \"yesterday\"}"), 422, "invalid-request");
    assertProblem(admin.call("GET", "/api/deliveries?limit=0", null), 422, "invalid-request");
    assertProblem(admin.call("POST", "/api/events/replay", "{}"), 422, "invalid-request");
  }

  /**
   * A test event is never stored, so its delivery cannot be sent again: say that, not "expired".
   */
  @Test
  void replayingATestDeliverySaysToSendANewTest() throws Exception {
    try (TestReceiver receiver = new TestReceiver()) {
      String id =
          admin
              .create(
                  """
                  {"organizationId": "org-test", "eventTypes": ["*"], "url": "%s"}
                  """
                      .formatted(receiver.url("/test")))
              .path("id")
              .asText();
      String deliveryId =
          admin
              .expect(202, "POST", "/api/subscriptions/" + id + "/test", "{}")
              .path("deliveryId")
              .asText();
      assertThat(receiver.next("/test", 30).header("X-Hub-Delivery")).isEqualTo(deliveryId);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> admin.call("GET", "/api/deliveries/" + deliveryId, null).statusCode() == 200);

      JsonNode problem =
          assertProblem(
              admin.call("POST", "/api/deliveries/" + deliveryId + "/replay", null),
              409,
              "test-delivery");
      assertThat(problem.path("detail").asText()).contains("/test");
    }
  }

  /**
   * A custom header HTTP cannot carry as given is refused where it is saved, with the reason: it
   * was accepted and then sent with {@code ?} for each non-ASCII character.
   */
  @Test
  void customHeadersHttpCannotCarryAreRefusedAtCreateAndUpdate() throws Exception {
    String create =
        """
        {"organizationId": "org-headers", "eventTypes": ["*"],
         "url": "http://127.0.0.1:9/hooks", "headers": {%s}}
        """;
    String id = admin.create(create.formatted("\"X-Trace\": \"t-1\"")).path("id").asText();
    Map<String, String> refused =
        Map.of(
            "\"X-Webhook-Secret\": \"cl\u00e9\"", "visible ASCII",
            "\"X-Webhook-Secret\": \"a\\r\\nX-Injected: 1\"", "line break",
            "\"X-Trace\": \" padded \"", "space",
            "\"X Trace\": \"t-1\"", "RFC 9110 token",
            "\"X-Caf\u00e9\": \"t-1\"", "RFC 9110 token");
    for (var header : refused.entrySet()) {
      for (var response :
          List.of(
              admin.call("POST", "/api/subscriptions", create.formatted(header.getKey())),
              admin.call(
                  "PATCH",
                  "/api/subscriptions/" + id,
                  "{\"headers\": {" + header.getKey() + "}}"))) {
        JsonNode problem = assertProblem(response, 422, "invalid-subscription");
        assertThat(problem.path("detail").asText())
            .as(header.getKey())
            .startsWith("headers.")
            .contains(header.getValue())
            .doesNotContain("cl\u00e9");
      }
    }
  }

  private static HttpResponse<String> call(String method, String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + TestHub.ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> allowed(HttpResponse<String> response) {
    return Arrays.stream(response.headers().firstValue("Allow").orElse("").split(","))
        .map(String::trim)
        .filter(m -> !m.isEmpty())
        .toList();
  }

  private static String nested(String open, String close) {
    return open.repeat(10_000) + close.repeat(10_000);
  }

  private static String problemDetail(JsonNode problem) {
    return problem.path("detail").asText();
  }
}
