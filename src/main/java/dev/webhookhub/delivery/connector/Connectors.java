package dev.webhookhub.delivery.connector;

import dev.webhookhub.delivery.profile.ProfileCatalog;
import dev.webhookhub.routes.RouteFileState;
import dev.webhookhub.routes.RouteFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.errorhandler.NoErrorHandlerDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors integrators declare as route templates in {@code routes/connectors/}: a
 * subscription whose profile names one is delivered through a route made from that template.
 *
 * <p>Like a Kamelet endpoint, each distinct set of parameter values gets its own route, made on
 * first use and shared by every subscription with those values; a template's routes are dropped
 * when its file changes, and made again from the new version. Parameter values are plain text:
 * secrets (the target URL, which for Slack carries a token) never become parameters, so they never
 * appear in route ids, JMX or Hawtio.
 */
public final class Connectors {

  private static final Logger LOG = LoggerFactory.getLogger(Connectors.class);

  /** The folder of {@link RouteFiles} whose templates are connectors. */
  public static final String FOLDER = "connectors/";

  /** Template parameter the hub adds: the direct endpoint of the route it makes. */
  private static final String ENDPOINT_PARAMETER = "hubConnectorRoute";

  private record Instance(String template, String routeId) {}

  private final CamelContext context;
  private final RouteFiles files;
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();

  public Connectors(CamelContext context, RouteFiles files) throws Exception {
    this.context = context;
    this.files = files;
    files.onTemplatesChanged(this::drop);
    // Connector templates begin "from: kamelet:source", as Kamelets do; each route made from one
    // is reached at its own direct endpoint instead. The exception goes back to the delivery
    // route, which records it as the attempt's failure: no error handler of its own.
    model()
        .addRouteTemplateDefinitionConverter(
            "*",
            (template, parameters) -> {
              RouteDefinition route =
                  RouteTemplateDefinition.Converter.DEFAULT_CONVERTER.apply(template, parameters);
              Object endpoint = parameters.get(ENDPOINT_PARAMETER);
              if (endpoint != null) {
                route.getInput().setUri("direct:" + endpoint);
                route.setErrorHandlerFactory(new NoErrorHandlerDefinition());
              }
              return route;
            });
  }

  /** Whether {@code name} is a connector now loaded (built-in profile names never are). */
  public boolean exists(String name) {
    return template(name).isPresent();
  }

  /** The connectors now loaded, by name, with their parameters. */
  public Map<String, List<RouteTemplateParameterDefinition>> all() {
    Map<String, List<RouteTemplateParameterDefinition>> all = new TreeMap<>();
    for (RouteFileState state : files.report()) {
      if (state.file().startsWith(FOLDER)) {
        state.templateIds().forEach(id -> template(id).ifPresent(t -> all.put(id, parameters(t))));
      }
    }
    return all;
  }

  /**
   * Checks a subscription's options against the connector's declared parameters.
   *
   * @return {@code null} when they are fine, else the problem
   */
  public String problem(String name, Map<String, String> options) {
    RouteTemplateDefinition template = template(name).orElseThrow();
    List<RouteTemplateParameterDefinition> declared = parameters(template);
    Set<String> names =
        declared.stream()
            .map(RouteTemplateParameterDefinition::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (!names.contains(option.getKey())) {
        return "the "
            + name
            + " connector has no parameter '"
            + option.getKey()
            + "'; its parameters are "
            + (names.isEmpty() ? "none" : String.join(", ", names));
      }
      String value = option.getValue();
      // Values are pasted into the route: placeholders or expressions in them would read the hub's
      // configuration (its secrets included) or run code.
      if (value.contains("{{") || value.contains("}}") || value.contains("${")) {
        return "parameter '" + option.getKey() + "' must be plain text, without {{, }} or ${";
      }
    }
    for (RouteTemplateParameterDefinition parameter : declared) {
      if (parameter.isRequired()
          && parameter.getDefaultValue() == null
          && !options.containsKey(parameter.getName())) {
        return "the " + name + " connector needs parameter '" + parameter.getName() + "'";
      }
    }
    return null;
  }

  /**
   * The endpoint that delivers through connector {@code name} with these parameter values, made now
   * if it is their first use; empty if {@code name} is no connector.
   */
  public Optional<String> endpoint(String name, Map<String, String> options) {
    if (!exists(name)) {
      return Optional.empty();
    }
    Map<String, String> sorted = new TreeMap<>(options);
    String key = name + "\n" + sorted;
    Instance instance = instances.computeIfAbsent(key, k -> create(name, sorted, k));
    return Optional.of("direct:" + instance.routeId());
  }

  private Instance create(String name, Map<String, String> options, String key) {
    String routeId = "connector-" + name + "-" + shortHash(key);
    Map<String, Object> parameters = new LinkedHashMap<>(options);
    parameters.put(ENDPOINT_PARAMETER, routeId);
    try {
      if (context.getRoute(routeId) == null) {
        model().addRouteFromTemplate(routeId, name, parameters);
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "connector " + name + " could not make its route: " + e.getMessage(), e);
    }
    LOG.info("Connector {} started route {} for parameters {}", name, routeId, options.keySet());
    return new Instance(name, routeId);
  }

  /** Drops the routes made from templates that changed; the next delivery makes them again. */
  private void drop(Set<String> templates) {
    instances
        .entrySet()
        .removeIf(
            entry -> {
              if (!templates.contains(entry.getValue().template())) {
                return false;
              }
              String routeId = entry.getValue().routeId();
              try {
                context.getRouteController().stopRoute(routeId);
                context.removeRoute(routeId);
              } catch (Exception e) {
                LOG.warn("Could not remove connector route {}: {}", routeId, e.toString());
              }
              return true;
            });
  }

  private Optional<RouteTemplateDefinition> template(String name) {
    if (name == null || ProfileCatalog.names().contains(name)) {
      return Optional.empty();
    }
    java.nio.file.Path file = files.templateFile(name);
    if (file == null || !files.directory().relativize(file).toString().startsWith(FOLDER)) {
      return Optional.empty();
    }
    return Optional.ofNullable(model().getRouteTemplateDefinition(name));
  }

  private static List<RouteTemplateParameterDefinition> parameters(
      RouteTemplateDefinition template) {
    return template.getTemplateParameters() == null
        ? List.of()
        : List.copyOf(template.getTemplateParameters());
  }

  private Model model() {
    return context.getCamelContextExtension().getContextPlugin(Model.class);
  }

  private static String shortHash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
