package dev.webhookhub.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.admin.AdminApiRoutes.Endpoint;
import dev.webhookhub.delivery.connector.Connectors;
import dev.webhookhub.routes.RouteFileState;
import dev.webhookhub.routes.RouteFiles;
import java.util.List;
import java.util.TreeSet;
import org.apache.camel.Exchange;

/**
 * What integrators' YAML came to: each routes file with its state (and, for a broken one, the
 * problem and its line), and the connectors subscriptions can name.
 */
public final class RoutesAdmin {

  private final RouteFiles files;
  private final Connectors connectors;
  private final JsonExchanges io;

  public RoutesAdmin(RouteFiles files, Connectors connectors, ObjectMapper json) {
    this.files = files;
    this.connectors = connectors;
    this.io = new JsonExchanges(json);
  }

  public List<Endpoint> endpoints() {
    return List.of(
        new Endpoint("get", "/routes", "list-route-files", this::routes),
        new Endpoint("get", "/connectors", "list-connectors", this::connectors));
  }

  private void routes(Exchange exchange) {
    ArrayNode data = io.mapper().createArrayNode();
    for (RouteFileState state : files.report()) {
      ObjectNode file = data.addObject();
      file.put("file", state.file());
      file.put("status", state.ok() ? "loaded" : "failed");
      state.routeIds().stream().sorted().forEach(file.putArray("routes")::add);
      new TreeSet<>(state.templateIds()).forEach(file.putArray("templates")::add);
      file.put("changedAt", state.changedAt().toString());
      if (!state.ok()) {
        ObjectNode error = file.putObject("error");
        error.put("message", state.error());
        if (state.line() > 0) {
          error.put("line", state.line());
        }
        if (state.column() > 0) {
          error.put("column", state.column());
        }
      }
    }
    ObjectNode body = io.mapper().createObjectNode();
    body.put("directory", files.directory().toAbsolutePath().normalize().toString());
    body.set("data", data);
    io.reply(exchange, 200, body);
  }

  private void connectors(Exchange exchange) {
    ArrayNode data = io.mapper().createArrayNode();
    connectors
        .all()
        .forEach(
            (name, parameters) -> {
              ObjectNode connector = data.addObject();
              connector.put("name", name);
              ArrayNode list = connector.putArray("parameters");
              parameters.forEach(
                  p -> {
                    ObjectNode parameter = list.addObject();
                    parameter.put("name", p.getName());
                    parameter.put("description", p.getDescription());
                    parameter.put("required", p.isRequired() && p.getDefaultValue() == null);
                    if (p.getDefaultValue() != null) {
                      parameter.put("default", p.getDefaultValue());
                    }
                  });
            });
    ObjectNode body = io.mapper().createObjectNode();
    body.set("data", data);
    io.reply(exchange, 200, body);
  }
}
