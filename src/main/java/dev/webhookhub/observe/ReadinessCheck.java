package dev.webhookhub.observe;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness-only check: while it is DOWN the hub should get no traffic, but it is not broken, so
 * liveness (and a restart by the orchestrator) is not affected.
 */
final class ReadinessCheck extends AbstractHealthCheck {

  /** What is checked: null when fine, else why not. */
  @FunctionalInterface
  interface Condition {
    String problem() throws Exception;
  }

  private final Condition condition;

  ReadinessCheck(String id, Condition condition) {
    super("hub", id);
    this.condition = condition;
  }

  @Override
  public boolean isLiveness() {
    return false;
  }

  @Override
  protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    try {
      String problem = condition.problem();
      if (problem == null) {
        builder.up();
      } else {
        builder.down().message(problem);
      }
    } catch (Exception e) {
      builder.down().message(e.toString()).error(e);
    }
  }
}
