package dev.webhookhub.ingest;

import java.util.HashSet;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link KnownSources} in step with the source routes that exist: after routes files change,
 * a source that no route made from the hub's source templates declares any more is forgotten.
 */
public final class DeclaredSources {

  private static final Logger LOG = LoggerFactory.getLogger(DeclaredSources.class);

  private final CamelContext context;
  private final KnownSources sources;

  public DeclaredSources(CamelContext context, KnownSources sources) {
    this.context = context;
    this.sources = sources;
  }

  /** Forgets the declared sources without a route left. */
  public void refresh() {
    Set<String> forgotten = sources.retainDeclared(declaredByRoutes());
    forgotten.forEach(
        name -> LOG.info("Source {} is no longer declared by any route: it is not accepted", name));
  }

  private Set<String> declaredByRoutes() {
    Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
    Set<String> declared = new HashSet<>();
    for (Route route : context.getRoutes()) {
      if (!route.isCreatedByRouteTemplate()) {
        continue;
      }
      // Camel keeps whether a route came from a template, not which one; every hub source
      // template takes "source", and an integrator's own template with such a parameter only
      // keeps a name known a little longer.
      RouteDefinition definition = model.getRouteDefinition(route.getRouteId());
      Object source =
          definition == null || definition.getTemplateParameters() == null
              ? null
              : definition.getTemplateParameters().get("source");
      if (source != null) {
        declared.add(source.toString());
      }
    }
    return declared;
  }
}
