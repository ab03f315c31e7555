package dev.webhookhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.signature.HmacSha256;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.LogCapture;
import dev.webhookhub.testing.ReliabilityTable;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import io.vertx.ext.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.RestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security checks of the smoke suite, on one hub set up as in production: the management server
 * beyond localhost (so metrics and Jolokia need the operator), Hawtio on, sources with a token and
 * a signing secret, and subscriptions with every kind of secret (signing secrets, a custom header,
 * a Slack and a Zapier URL).
 *
 * <p>Endpoints are enumerated from the running hub (Camel's platform-http endpoints, the management
 * server's Vert.x routes), not listed by hand, so a new one cannot slip past; only Hawtio's
 * servlets, which Camel does not know, are named here.
 */
class SecuritySmokeIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ReliabilityTable RESULTS = ReliabilityTable.securitySmoke();

  private static final String OPERATOR = "ops";
  private static final String OPERATOR_PASSWORD = "operator-password-5kq9Zt2xWm";
  private static final String UFP_TOKEN = "ufp-source-token-Hq3vN8cR1pLs";
  private static final String FITMETRICS_SECRET = "whsec_c2lnbmluZy1zZWNyZXQtb2YtZml0bWV0cmljcw==";
  private static final String HEADER_SECRET = "x-webhook-secret-value-Ja7Wd2";
  private static final String SLACK_PATH = "/services/T0SMOKE/B0SMOKE/slackSmokeTok3n";
  private static final String ZAPIER_PATH = "/hooks/catch/98765/zapSmokeTok3n/";

  /** Hawtio's servlets that answer data or act; its static pages and login form are public. */
  private static final List<String> HAWTIO_PROTECTED =
      List.of("/hawtio/jolokia/version", "/hawtio/jolokia/search/*:*", "/hawtio/user");

  @TempDir static Path dir;
  private static LogCapture log;
  private static TestReceiver receiver;
  private static TestHub hub;

  @BeforeAll
  static void startHub() throws Exception {
    log = LogCapture.start();
    receiver = new TestReceiver();
    hub =
        new TestHub(dir, new TestDatabase.H2())
            .with("hub.management.host", "0.0.0.0")
            .with("hub.hawtio.enabled", "true")
            .with("hub.hawtio.user", OPERATOR)
            .with("hub.hawtio.password", OPERATOR_PASSWORD)
            .with("hub.source.ufp.token", UFP_TOKEN)
            .with("hub.source.fitmetrics.signing-secret", FITMETRICS_SECRET)
            .with("hub.source.fitmetrics.organization-id", "org-1");
    for (String connector : List.of("slack", "zapier")) {
      Path file = hub.routesDir().resolve("connectors").resolve(connector + ".camel.yaml");
      Files.createDirectories(file.getParent());
      Files.copy(Path.of("routes/connectors", connector + ".camel.yaml"), file);
    }
    hub.start();
  }

  @AfterAll
  static void stopHub() throws Exception {
    try (LogCapture closing = log;
        TestReceiver closingReceiver = receiver;
        TestHub closingHub = hub) {
      // closes all three
    }
  }

  @Test
  void everyAdminManagementAndHawtioEndpointRefusesAMissingOrWrongCredential() throws Exception {
    List<String> checked = new ArrayList<>();
    RESULTS.record(
        "every admin, management and Hawtio endpoint refuses a missing or wrong credential",
        "—",
        "endpoints enumerated from the running hub",
        () -> {
          List<String> refusals = new ArrayList<>();
          for (Map.Entry<String, List<String>> endpoint : httpEndpoints().entrySet()) {
            String path = endpoint.getKey();
            if (path.startsWith("/ingest/")) {
              // Sources are open unless configured; IngestAuthenticationIT covers them.
              continue;
            }
            assertThat(path).as("an endpoint outside /api and /ingest").startsWith("/api/");
            for (String verb : endpoint.getValue()) {
              String url = hub.httpUrl(path.replaceAll("\\{[^}]+}", "x"));
              refusals.add(refused(verb, url, null, 401));
              refusals.add(refused(verb, url, "Bearer not-the-admin-token", 401));
              refusals.add(refused(verb, url, basic(OPERATOR, OPERATOR_PASSWORD), 401));
              checked.add(verb + " " + path);
            }
          }
          for (String path : managementPaths()) {
            if (path.startsWith("/observe/health")) {
              // Probes read health without credentials, by design (docs/operations.md).
              continue;
            }
            String url = hub.managementUrl(path.replace("*", "version"));
            refusals.add(refused("GET", url, null, 401));
            refusals.add(refused("GET", url, basic(OPERATOR, "wrong"), 401));
            refusals.add(refused("GET", url, "Bearer " + TestHub.ADMIN_TOKEN, 401));
            checked.add("GET " + path);
          }
          for (String path : HAWTIO_PROTECTED) {
            String url = hub.hawtioUrl(path);
            refusals.add(refused("GET", url, null, 401, 403));
            refusals.add(refused("GET", url, basic(OPERATOR, "wrong"), 401, 403));
            refusals.add(refused("GET", url, basic("admin", TestHub.ADMIN_TOKEN), 401, 403));
            checked.add("GET " + path);
          }
          refusals.add(
              refusedPost(hub.hawtioUrl("/hawtio/auth/login"), login(OPERATOR, "wrong"), 401, 403));
          assertThat(refusals).as("answers that let a caller in").allMatch(Objects::isNull);
          // The enumeration found the surfaces: an empty list would pass the loop above.
          assertThat(checked)
              .contains(
                  "GET /api/subscriptions",
                  "POST /api/subscriptions",
                  "GET /observe/metrics",
                  "PATCH /api/subscriptions/{id}",
                  "DELETE /api/subscriptions/{id}",
                  "GET /observe/metrics",
                  "GET /observe/jolokia/");
          // And a right credential gets in, so the refusals are not a broken server.
          assertThat(
                  send(
                          "GET",
                          hub.managementUrl("/observe/metrics"),
                          basic(OPERATOR, OPERATOR_PASSWORD))
                      .statusCode())
              .isEqualTo(200);
          assertThat(
                  send("GET", hub.httpUrl("/api/subscriptions"), "Bearer " + TestHub.ADMIN_TOKEN)
                      .statusCode())
              .isEqualTo(200);
        });
    System.out.println("Credentials checked on " + checked.size() + " endpoints: " + checked);
  }

  @Test
  void noSecretAppearsInLogsMetricsJolokiaOrApiReads() throws Exception {
    RESULTS.record(
        "no secret in logs, metrics, Jolokia or admin API reads after creation",
        "—",
        "signing secrets, custom header, Slack and Zapier URLs, master key, admin token, operator"
            + " password, source token and signing secret",
        () -> {
          AdminClient admin = new AdminClient(hub);
          Map<String, String> secrets = new LinkedHashMap<>();
          secrets.put("master key", TestHub.SECRETS_MASTER_KEY);
          secrets.put("admin token", TestHub.ADMIN_TOKEN);
          secrets.put("operator password", OPERATOR_PASSWORD);
          secrets.put("ufp source token", UFP_TOKEN);
          secrets.put("fitmetrics signing secret", FITMETRICS_SECRET);
          secrets.put("custom header value", HEADER_SECRET);
          secrets.put("slack url", receiver.url(SLACK_PATH));
          secrets.put("slack token", "slackSmokeTok3n");
          secrets.put("zapier url", receiver.url(ZAPIER_PATH));
          secrets.put("zapier token", "zapSmokeTok3n");

          JsonNode signed =
              admin.create(
                  subscription("standard-webhooks", receiver.url("/signed"))
                      .replace(
                          "}",
                          ", \"headers\": {\"X-Webhook-Secret\": \"" + HEADER_SECRET + "\"}}"));
          secrets.put("generated signing secret", signed.path("secret").asText());
          String given = "whsec_Z2l2ZW4tc2lnbmluZy1zZWNyZXQtb2YtYS1zdWI=";
          JsonNode ufpProfile =
              admin.create(
                  subscription("ufp", receiver.url("/ufp"))
                      .replace("}", ", \"secret\": \"" + given + "\"}"));
          secrets.put("given signing secret", given);
          admin.create(subscription("slack", receiver.url(SLACK_PATH)));
          admin.create(subscription("zapier", receiver.url(ZAPIER_PATH)));
          JsonNode rotated =
              admin.expect(
                  200,
                  "POST",
                  "/api/subscriptions/" + ufpProfile.path("id").asText() + "/rotate-secret",
                  "{\"overlap\": \"PT1H\"}");
          secrets.put("rotated-in secret", rotated.path("secret").asText());
          assertThat(secrets.values()).allMatch(s -> s.length() > 10);

          Senders senders = new Senders(hub);
          // Refused first: a wrong token must not be echoed either.
          assertThat(
                  senders
                      .http(
                          "ufp",
                          "application/json",
                          SeedSamples.read("ufp/new_lead_created.json"),
                          Map.of("Authorization", "Bearer " + UFP_TOKEN + "x"))
                      .statusCode())
              .isEqualTo(401);
          assertThat(
                  senders
                      .http(
                          "ufp",
                          "application/json",
                          SeedSamples.read("ufp/new_lead_created.json"),
                          Map.of("Authorization", "Bearer " + UFP_TOKEN))
                      .statusCode())
              .isEqualTo(202);
          byte[] deferral =
              SeedSamples.read("fitmetrics/message_deferred.json").getBytes(StandardCharsets.UTF_8);
          assertThat(
                  senders
                      .http(
                          "fitmetrics",
                          "application/json",
                          new String(deferral, StandardCharsets.UTF_8),
                          Map.of(
                              "X-FitMetrics-Signature",
                              "sha256="
                                  + HmacSha256.hex(
                                      FITMETRICS_SECRET.getBytes(StandardCharsets.UTF_8),
                                      deferral)))
                      .statusCode())
              .isEqualTo(202);
          for (String path : List.of("/signed", "/ufp", SLACK_PATH, ZAPIER_PATH)) {
            receiver.next(path, 60);
          }

          Map<String, String> outputs = new LinkedHashMap<>();
          adminReads(admin).forEach(outputs::put);
          outputs.put(
              "/observe/metrics",
              send("GET", hub.managementUrl("/observe/metrics"), basic(OPERATOR, OPERATOR_PASSWORD))
                  .body());
          outputs.put("Jolokia reads of every MBean", jolokiaReadOfEverything());
          outputs.put("the hub's log", log.text());

          List<String> leaks = new ArrayList<>();
          outputs.forEach(
              (where, text) ->
                  secrets.forEach(
                      (what, value) -> {
                        if (text.contains(value)) {
                          leaks.add(what + " in " + where);
                        }
                      }));
          assertThat(leaks).isEmpty();
          // The grep sees a secret where one is: the creation answer, the one place allowed.
          assertThat(signed.toString()).contains(secrets.get("generated signing secret"));
          assertThat(outputs.get("Jolokia reads of every MBean")).contains("DeliveryEngine");
          assertThat(outputs.get("the hub's log")).contains("Hawtio console at");
        });
  }

  /** Every GET of the admin API, with each id the hub now holds in its path. */
  private static Map<String, String> adminReads(AdminClient admin) throws Exception {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    ids.put("/api/subscriptions/", field(admin, "/api/subscriptions", "id"));
    ids.put("/api/deliveries/", field(admin, "/api/deliveries", "id"));
    ids.put("/api/events/", field(admin, "/api/deliveries", "eventId"));
    Map<String, String> reads = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> endpoint : httpEndpoints().entrySet()) {
      String path = endpoint.getKey();
      if (!path.startsWith("/api/") || !endpoint.getValue().contains("GET")) {
        continue;
      }
      List<String> paths = new ArrayList<>();
      if (!path.contains("{")) {
        paths.add(path);
      } else {
        String prefix = path.substring(0, path.indexOf('{'));
        assertThat(ids).as("ids to read " + path + " with").containsKey(prefix);
        assertThat(path).as("one id at the end").matches("[^{]*\\{[^}]+}");
        ids.get(prefix).forEach(id -> paths.add(prefix + id));
      }
      for (String read : paths) {
        HttpResponse<String> response = admin.call("GET", read, null);
        assertThat(response.statusCode()).as(read).isEqualTo(200);
        reads.put("GET " + read, response.body());
      }
    }
    assertThat(reads.keySet()).anyMatch(r -> r.startsWith("GET /api/deliveries/"));
    return reads;
  }

  private static List<String> field(AdminClient admin, String list, String field) throws Exception {
    List<String> values = new ArrayList<>();
    admin
        .expect(200, "GET", list, null)
        .path("data")
        .forEach(n -> values.add(n.path(field).asText()));
    assertThat(values).as(list).isNotEmpty();
    return values.stream().distinct().toList();
  }

  /** Every attribute of every MBean Jolokia lets the operator read, in one bulk request. */
  private static String jolokiaReadOfEverything() throws Exception {
    String operator = basic(OPERATOR, OPERATOR_PASSWORD);
    JsonNode names =
        JSON.readTree(
            send("GET", hub.managementUrl("/observe/jolokia/search/*:*"), operator).body());
    List<Map<String, String>> reads = new ArrayList<>();
    names.path("value").forEach(n -> reads.add(Map.of("type", "read", "mbean", n.asText())));
    assertThat(reads).hasSizeGreaterThan(20);
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(hub.managementUrl("/observe/jolokia/")))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", operator)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(reads)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.body();
  }

  private static String subscription(String profile, String url) {
    return "{\"organizationId\": \"org-1\", \"eventTypes\": [\"*\"], \"profile\": \""
        + profile
        + "\", \"url\": \""
        + url
        + "\"}";
  }

  /**
   * Every path the hub's HTTP server serves, with its methods: the REST services Camel registered
   * (one per method and path), and any other platform-http consumer with the verbs it declares or,
   * declaring none, all of them. Camel's platform-http list alone keeps one verb per path.
   */
  private static Map<String, List<String>> httpEndpoints() {
    Map<String, TreeSet<String>> verbs = new java.util.TreeMap<>();
    for (RestRegistry.RestService rest : hub.context().getRestRegistry().listAllRestServices()) {
      String path =
          rest.getBasePath() + (rest.getUriTemplate() == null ? "" : rest.getUriTemplate());
      verbs
          .computeIfAbsent(path, p -> new TreeSet<>())
          .add(rest.getMethod().toUpperCase(java.util.Locale.ROOT));
    }
    PlatformHttpComponent platformHttp =
        hub.context().getComponent("platform-http", PlatformHttpComponent.class);
    for (HttpEndpointModel endpoint : platformHttp.getHttpEndpoints()) {
      if (!verbs.containsKey(endpoint.getUri())) {
        String declared = endpoint.getVerbs();
        verbs.put(
            endpoint.getUri(),
            new TreeSet<>(
                declared == null || declared.isBlank()
                    ? List.of("GET", "POST", "PUT", "PATCH", "DELETE")
                    : List.of(declared.split(","))));
      }
    }
    Map<String, List<String>> all = new LinkedHashMap<>();
    verbs.forEach((path, methods) -> all.put(path, List.copyOf(methods)));
    assertThat(all).isNotEmpty();
    return all;
  }

  /** The paths camel-main's management server routes, as its Vert.x router holds them. */
  private static List<String> managementPaths() {
    ManagementHttpServer server = hub.context().hasService(ManagementHttpServer.class);
    TreeSet<String> paths = new TreeSet<>();
    for (Route route : server.getRouter().getRoutes()) {
      if (route.getPath() != null) {
        paths.add(route.getPath());
      }
    }
    return List.copyOf(paths);
  }

  /**
   * @return null if the answer's status is one of {@code statuses}, else what happened
   */
  private static String refused(String method, String url, String authorization, int... statuses)
      throws Exception {
    HttpResponse<String> response = send(method, url, authorization);
    for (int status : statuses) {
      if (response.statusCode() == status) {
        return null;
      }
    }
    return method + " " + url + " with " + describe(authorization) + " -> " + response.statusCode();
  }

  private static String refusedPost(String url, String body, int... statuses) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    for (int status : statuses) {
      if (response.statusCode() == status) {
        return null;
      }
    }
    return "POST " + url + " -> " + response.statusCode();
  }

  private static String describe(String authorization) {
    return authorization == null ? "no credential" : authorization.split(" ")[0] + " (wrong)";
  }

  private static HttpResponse<String> send(String method, String url, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                method.equals("GET") || method.equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (!method.equals("GET") && !method.equals("DELETE")) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String login(String user, String password) {
    return "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}";
  }
}
