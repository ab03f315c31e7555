package dev.webhookhub.envelope.fitprotracker;

import dev.webhookhub.envelope.EnvelopeNormaliser;
import java.util.Set;

/**
 * FitProTracker already sends envelopes; only its catalogue is specific. Types it ships (v1.1) pass
 * unchanged; roadmap families ({@code membership.*}, {@code payment.*}, ...) arrive as {@code
 * fitprotracker.<type>} until they are added here, so their payload shape is looked at first.
 */
public final class FitProTrackerNormaliser extends EnvelopeNormaliser {

  /** The shipped v1.1 catalogue: the {@code contact.*} family. */
  public static final Set<String> SHIPPED_TYPES =
      Set.of(
          "contact.created",
          "contact.updated",
          "contact.deleted",
          "contact.status_changed",
          "contact.subgroup_changed");

  public FitProTrackerNormaliser() {
    super(SHIPPED_TYPES);
  }
}
