package dev.webhookhub.coalesce;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.envelope.Envelope;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides, for each new event, whether it is held back to be merged with the other changes to its
 * entity (sources with a {@code coalesce-window}) or published at once.
 */
public final class Coalescer {

  private final Function<String, Optional<CoalesceRule>> rules;
  private final PendingEvents pending;
  private final ObjectMapper json;
  private final Clock clock;

  /**
   * @param rules the rule of a source by name, asked for each event (sources may be declared while
   *     the hub runs); a source without one is never coalesced
   */
  public Coalescer(
      Function<String, Optional<CoalesceRule>> rules,
      PendingEvents pending,
      ObjectMapper json,
      Clock clock) {
    this.rules = rules;
    this.pending = pending;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Holds {@code event} in its entity's pending merge if its source coalesces and the event names
   * the entity.
   *
   * @return {@code true} if held (the caller must not publish it); {@code false} to publish now
   */
  public boolean hold(Envelope event) throws SQLException {
    CoalesceRule rule = rules.apply(event.source()).orElse(null);
    if (rule == null) {
      return false;
    }
    Optional<String> key = rule.entityKey(json.valueToTree(event), json);
    if (key.isEmpty()) {
      return false;
    }
    Instant now = clock.instant();
    pending.add(
        new PendingEvents.Entity(event.source(), event.organizationId(), key.get()),
        event,
        now,
        now.plus(rule.window()));
    return true;
  }
}
