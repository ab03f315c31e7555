package dev.webhookhub.ingest;

import org.apache.camel.RouteTemplateContext;

/**
 * A route template's parameters as its configure hook sees them, property placeholders resolved, so
 * that a YAML route can pass {@code "{{hub.some-key}}"} as a value.
 */
public final class TemplateParameters {

  private final RouteTemplateContext context;

  public TemplateParameters(RouteTemplateContext context) {
    this.context = context;
  }

  /** The value, or {@code null} if the parameter is missing or blank. */
  public String optional(String name) {
    Object value = context.getParameters().get(name);
    if (value == null) {
      return null;
    }
    String resolved =
        context.getCamelContext().resolvePropertyPlaceholders(value.toString()).trim();
    return resolved.isEmpty() ? null : resolved;
  }

  /** The value, or {@code fallback} if the parameter is missing or blank. */
  public String optional(String name, String fallback) {
    String value = optional(name);
    return value == null ? fallback : value;
  }

  /**
   * @throws IllegalArgumentException naming the parameter if it is missing or blank
   */
  public String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new IllegalArgumentException("the template parameter '" + name + "' is required");
    }
    return value;
  }
}
