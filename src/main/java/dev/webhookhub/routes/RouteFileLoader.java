package dev.webhookhub.routes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Swaps the routes of one YAML file in a running Camel context: parse the new version, check it
 * cannot take over routes it does not own, stop the old version's routes, add the new ones, and put
 * the old version back if the new one fails while being added.
 */
public final class RouteFileLoader {

  /**
   * What one file contributed to the context.
   *
   * @param content the file's bytes, to restore this version if its successor fails
   */
  public record Loaded(Set<String> routeIds, Set<String> templateIds, byte[] content) {

    public static final Loaded NONE = new Loaded(Set.of(), Set.of(), null);

    public Loaded {
      routeIds = Set.copyOf(routeIds);
      templateIds = Set.copyOf(templateIds);
    }
  }

  private final CamelContext context;

  public RouteFileLoader(CamelContext context) {
    this.context = context;
  }

  /**
   * Replaces {@code previous} by the routes in {@code content}.
   *
   * @throws RouteFileException if the new version is invalid; {@code previous} then still runs
   */
  public Loaded replace(Path file, byte[] content, Loaded previous) throws RouteFileException {
    List<RouteBuilder> builders = parse(file, content);
    Set<String> routeIds = new LinkedHashSet<>();
    Set<String> templateIds = new LinkedHashSet<>();
    String stem = file.getFileName().toString().replace(".camel.yaml", "");
    for (RouteBuilder builder : builders) {
      for (RouteDefinition route : builder.getRouteCollection().getRoutes()) {
        // Without an id Camel numbers routes (route1, route2...) and a reload could not tell which
        // were this file's; the file name makes the id stable and recognisable in Hawtio.
        if (route.getRouteId() == null) {
          route.setId(stem + "-" + (routeIds.size() + 1));
        }
        routeIds.add(route.getRouteId());
      }
      for (TemplatedRouteDefinition templated :
          builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
        if (templated.getRouteId() == null) {
          templated.setRouteId(stem + "-" + (routeIds.size() + 1));
        }
        routeIds.add(templated.getRouteId());
      }
      for (RouteTemplateDefinition template :
          builder.getRouteTemplateCollection().getRouteTemplates()) {
        templateIds.add(template.getId());
      }
    }
    checkOwnership(file, routeIds, templateIds, previous);
    removeQuietly(previous);
    try {
      addAll(builders);
    } catch (Exception e) {
      removeQuietly(new Loaded(routeIds, templateIds, null));
      restore(file, previous);
      throw failure(file, e, builders);
    }
    return new Loaded(routeIds, templateIds, content);
  }

  /** Templates and routes first, then the routes made from templates (a step of its own). */
  private void addAll(List<RouteBuilder> builders) throws Exception {
    for (RouteBuilder builder : builders) {
      builder.addRoutesToCamelContext(context);
    }
    for (RouteBuilder builder : builders) {
      builder.addTemplatedRoutesToCamelContext(context);
    }
  }

  /** Stops and removes what a file had loaded. */
  public void remove(Loaded loaded) throws RouteFileException {
    try {
      for (String id : loaded.routeIds()) {
        if (context.getRoute(id) != null) {
          context.getRouteController().stopRoute(id);
          context.removeRoute(id);
        }
      }
      Model model = model();
      for (String id : loaded.templateIds()) {
        RouteTemplateDefinition template = model.getRouteTemplateDefinition(id);
        if (template != null) {
          model.removeRouteTemplateDefinition(template);
        }
      }
    } catch (Exception e) {
      throw new RouteFileException("could not stop its routes: " + e.getMessage(), 0, 0, e);
    }
  }

  private List<RouteBuilder> parse(Path file, byte[] content) throws RouteFileException {
    List<RouteBuilder> builders = new ArrayList<>();
    try {
      for (RoutesBuilder found :
          PluginHelper.getRoutesLoader(context)
              .findRoutesBuilders(
                  List.of(ResourceHelper.fromBytes("file:" + file.toAbsolutePath(), content)))) {
        RouteBuilder builder = (RouteBuilder) found;
        // Parses the YAML into route definitions without adding them to the context yet.
        builder.configureRoutes(context);
        builders.add(builder);
      }
    } catch (Exception e) {
      throw failure(file, e, List.of());
    }
    return builders;
  }

  /** A file may replace its own routes and templates, never the hub's or another file's. */
  private void checkOwnership(
      Path file, Set<String> routeIds, Set<String> templateIds, Loaded previous)
      throws RouteFileException {
    for (String id : routeIds) {
      if (context.getRoute(id) != null && !previous.routeIds().contains(id)) {
        throw new RouteFileException(
            "route id '" + id + "' is already used by another route", 0, 0, null);
      }
    }
    for (String id : templateIds) {
      if (model().getRouteTemplateDefinition(id) != null && !previous.templateIds().contains(id)) {
        throw new RouteFileException(
            "route template id '" + id + "' is already used by another template", 0, 0, null);
      }
    }
  }

  private void removeQuietly(Loaded loaded) {
    try {
      remove(loaded);
    } catch (RouteFileException e) {
      // The failure is the new file's to report; leftovers are removed on its next version.
    }
  }

  private void restore(Path file, Loaded previous) {
    if (previous.content() == null) {
      return;
    }
    try {
      addAll(parse(file, previous.content()));
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not restore the previous version of " + file + ": " + e.getMessage(), e);
    }
  }

  private Model model() {
    return context.getCamelContextExtension().getContextPlugin(Model.class);
  }

  /** The problem in the integrator's terms: the message, and the line when it is known. */
  private static RouteFileException failure(Path file, Exception e, List<RouteBuilder> builders) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
        int line = marked.getProblemMark().get().getLine() + 1;
        int column = marked.getProblemMark().get().getColumn() + 1;
        String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
        return new RouteFileException(
            file.getFileName() + " line " + line + ", column " + column + ": " + problem,
            line,
            column,
            e);
      }
      if (t instanceof FailedToCreateRouteException created && created.getRouteId() != null) {
        int line = lineOf(created.getRouteId(), builders);
        return new RouteFileException(
            file.getFileName()
                + (line > 0 ? " line " + line : "")
                + ": route '"
                + created.getRouteId()
                + "' cannot be created: "
                + rootMessage(e),
            line,
            0,
            e);
      }
    }
    return new RouteFileException(file.getFileName() + ": " + rootMessage(e), 0, 0, e);
  }

  private static int lineOf(String routeId, List<RouteBuilder> builders) {
    return builders.stream()
        .flatMap(b -> b.getRouteCollection().getRoutes().stream())
        .filter(r -> routeId.equals(r.getRouteId()))
        .mapToInt(RouteDefinition::getLineNumber)
        .filter(n -> n > 0)
        .findFirst()
        .orElse(0);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
