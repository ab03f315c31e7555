package dev.webhookhub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any routes file, not only connectors, is added, changed and removed while the hub runs. */
class RouteFilesIT {

  private static final String ROUTE =
      """
      - route:
          id: heartbeat
          from:
            uri: timer:heartbeat?period=PERIOD
            steps:
              - setBody:
                  constant: beat
      """;

  @Test
  void routesFollowTheirFileWithoutARestart(@TempDir Path dir) throws Exception {
    try (TestHub hub = new TestHub(dir, new TestDatabase.H2()).start()) {
      Path file = hub.routesDir().resolve("sources/heartbeat.camel.yaml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, ROUTE.replace("PERIOD", "60000"));
      await().atMost(Duration.ofSeconds(20)).until(() -> route(hub) != null);
      assertThat(route(hub).getEndpoint().getEndpointUri()).contains("period=60000");

      Files.writeString(file, ROUTE.replace("PERIOD", "30000"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  route(hub) != null
                      && route(hub).getEndpoint().getEndpointUri().contains("period=30000"));

      // Valid YAML whose route cannot be built (no such component): refused, and the version
      // before it keeps running.
      Files.writeString(
          file, ROUTE.replace("PERIOD", "10000") + "        - to: nosuchcomponent:x\n");
      RouteFileState broken =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> state(hub, "sources/heartbeat.camel.yaml"), s -> s != null && !s.ok());
      assertThat(broken.error()).contains("heartbeat", "nosuchcomponent");
      assertThat(broken.line()).isPositive();
      assertThat(route(hub).getEndpoint().getEndpointUri()).contains("period=30000");
      assertThat(hub.context().getRouteController().getRouteStatus("heartbeat"))
          .isEqualTo(org.apache.camel.ServiceStatus.Started);

      // A file may not take over a route of the hub's own.
      Path thief = hub.routesDir().resolve("sources/thief.camel.yaml");
      Files.writeString(thief, ROUTE.replace("heartbeat", "normalise").replace("PERIOD", "1000"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  hub.bean("routeFiles", RouteFiles.class).report().stream()
                      .anyMatch(s -> s.file().equals("sources/thief.camel.yaml") && !s.ok()));
      assertThat(hub.context().getRoute("normalise").getEndpoint().getEndpointUri())
          .startsWith("direct:");

      // Routes made from a template in a file are started as well.
      Path source = hub.routesDir().resolve("sources/crm.camel.yaml");
      Files.writeString(
          source,
          """
          - templatedRoute:
              routeTemplateRef: hub-jms-source
              routeId: crm-queue
              parameters:
                - {name: source, value: crm}
                - {name: normaliser, value: fitprotracker}
          """);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  hub.context().getRouteController().getRouteStatus("crm-queue")
                      == org.apache.camel.ServiceStatus.Started);

      String contact = SeedSamples.read("fitprotracker/contact_created.json");
      assertThat(new Senders(hub).httpJson("crm", contact).statusCode()).isEqualTo(202);

      // Deleting files takes effect too: the routes stop, and a source no route declares any
      // more is no longer accepted.
      Files.delete(file);
      Files.delete(source);
      await().atMost(Duration.ofSeconds(20)).until(() -> route(hub) == null);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> new Senders(hub).httpJson("crm", contact).statusCode() == 404);
      assertThat(hub.context().getRoute("crm-queue")).isNull();
    }
  }

  private static RouteFileState state(TestHub hub, String file) {
    return hub.bean("routeFiles", RouteFiles.class).report().stream()
        .filter(s -> s.file().equals(file))
        .findFirst()
        .orElse(null);
  }

  private static Route route(TestHub hub) {
    return hub.context().getRoute("heartbeat");
  }
}
