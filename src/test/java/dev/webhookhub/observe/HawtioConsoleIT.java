package dev.webhookhub.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.testing.LogCapture;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hawtio inside the hub: its login, its Jolokia, and the switches that turn them off. */
class HawtioConsoleIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** JMX searches Hawtio's Camel tab and JMX tree make. */
  private static final String CAMEL_ROUTES =
      "/hawtio/jolokia/search/org.apache.camel:type=routes,*";

  private static final String HUB_DELIVERIES_QUEUE =
      "/hawtio/jolokia/search/org.apache.activemq.artemis:*,subcomponent=queues,queue=%22hub.deliveries%22";

  @Test
  void theOperatorLogsInWithTheAdminTokenAndSeesRoutesAndQueues(@TempDir Path dir)
      throws Exception {
    try (LogCapture log = LogCapture.start();
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2()).with("hub.hawtio.enabled", "true").start()) {
      assertThat(post(hub, "/hawtio/auth/login", login("admin", "not-the-token")).statusCode())
          .isEqualTo(403);
      assertThat(
              post(hub, "/hawtio/auth/login", login("someone", TestHub.ADMIN_TOKEN)).statusCode())
          .isEqualTo(403);

      HttpResponse<String> ok =
          post(hub, "/hawtio/auth/login", login("admin", TestHub.ADMIN_TOKEN));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("UserPrincipal").doesNotContain(TestHub.ADMIN_TOKEN);
      String session = sessionCookie(ok, "HAWTIO_SESSION_" + hub.hawtioPort());
      HttpResponse<String> routes = get(hub, CAMEL_ROUTES, "Cookie", session);
      assertThat(routes.statusCode()).isEqualTo(200);
      assertThat(routes.body()).contains("name=\\\"normalise\\\",type=routes");
      // Delivery is a service, not a route: its figures are attributes of its own.
      HttpResponse<String> engine =
          get(
              hub,
              "/hawtio/jolokia/read/org.apache.camel:context=*,type=services,name=DeliveryEngine",
              "Cookie",
              session);
      assertThat(engine.body()).contains("\"InFlight\":0").contains("\"Unacknowledged\":0");

      // Logout needs Jetty's login service; without it Hawtio's logout answered 500.
      assertThat(get(hub, "/hawtio/auth/logout", "Cookie", session).statusCode()).isLessThan(400);
      assertThat(get(hub, CAMEL_ROUTES, "Cookie", session).statusCode()).isIn(401, 403);

      assertThat(get(hub, CAMEL_ROUTES).statusCode()).isIn(401, 403);
      assertThat(get(hub, CAMEL_ROUTES, "Authorization", basic("admin", "wrong")).statusCode())
          .isIn(401, 403);
      HttpResponse<String> queues =
          get(hub, HUB_DELIVERIES_QUEUE, "Authorization", basic("admin", TestHub.ADMIN_TOKEN));
      assertThat(queues.statusCode()).isEqualTo(200);
      assertThat(queues.body()).contains("hub.deliveries");

      assertThat(log.text())
          .contains("Hawtio console at http://127.0.0.1:" + hub.hawtioPort() + "/hawtio")
          .doesNotContain(TestHub.ADMIN_TOKEN);
      assertThat(dir.resolve("hawtio/work")).isDirectory();
    }
    assertThat(Files.exists(dir.resolve("hawtio"))).as("unpacked war removed at stop").isFalse();
  }

  /**
   * Two hubs in one JVM keep their own login settings: Hawtio's settings are not JVM-wide system
   * properties here.
   */
  @Test
  void eachHubHasItsOwnPasswordAndLoginSwitch(@TempDir Path one, @TempDir Path two)
      throws Exception {
    try (LogCapture log = LogCapture.start();
        TestHub guarded =
            new TestHub(one, new TestDatabase.H2())
                .with("hub.hawtio.enabled", "true")
                .with("hub.hawtio.user", "ops")
                .with("hub.hawtio.password", "guarded-password")
                .start();
        TestHub open =
            new TestHub(two, new TestDatabase.H2())
                .with("hub.hawtio.enabled", "true")
                .with("hub.hawtio.auth", "false")
                .start()) {
      assertThat(get(open, CAMEL_ROUTES).statusCode()).isEqualTo(200);
      assertThat(get(guarded, CAMEL_ROUTES).statusCode()).isIn(401, 403);
      assertThat(
              get(guarded, CAMEL_ROUTES, "Authorization", basic("ops", TestHub.ADMIN_TOKEN))
                  .statusCode())
          .as("a set password replaces the admin token")
          .isIn(401, 403);
      assertThat(post(guarded, "/hawtio/auth/login", login("ops", "guarded-password")).statusCode())
          .isEqualTo(200);
      assertThat(log.text())
          .contains("WARN dev.webhookhub.observe.HawtioConsole")
          .contains("hub.hawtio.auth=false")
          .doesNotContain("guarded-password");
    }
  }

  @Test
  void offLeavesThePortClosed(@TempDir Path dir) throws Exception {
    try (TestHub hub =
        new TestHub(dir, new TestDatabase.H2()).with("hub.hawtio.enabled", "false").start()) {
      assertThat(hub.context().hasService(HawtioConsole.class)).isNull();
      assertThatThrownBy(() -> new Socket("127.0.0.1", hub.hawtioPort()).close())
          .isInstanceOf(ConnectException.class);
    }
  }

  private static String login(String user, String password) {
    return "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}";
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String sessionCookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie: " + response.headers()));
  }

  private static HttpResponse<String> post(TestHub hub, String path, String json)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(hub.hawtioUrl(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(TestHub hub, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.hawtioUrl(path)));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
