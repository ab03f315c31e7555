package dev.webhookhub.envelope;

import dev.webhookhub.envelope.fineguide.FineGuideNormaliser;
import dev.webhookhub.envelope.fitmetrics.FitMetricsNormaliser;
import dev.webhookhub.envelope.fitprotracker.FitProTrackerNormaliser;
import dev.webhookhub.envelope.ufp.UfpNormaliser;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The normaliser families a source can name in {@code hub.source.<name>.normaliser}. Normalisers
 * are stateless, so one instance each serves every source of that family.
 */
public final class NormaliserCatalog {

  private static final Map<String, Normaliser> NORMALISERS =
      new TreeMap<>(
          Map.of(
              "envelope", new EnvelopeNormaliser(),
              "fineguide", new FineGuideNormaliser(),
              "fitmetrics", new FitMetricsNormaliser(),
              "fitprotracker", new FitProTrackerNormaliser(),
              "ufp", new UfpNormaliser()));

  private NormaliserCatalog() {}

  /**
   * @throws IllegalArgumentException for a name that is not a family, listing the known ones
   */
  public static Normaliser forName(String name) {
    Normaliser normaliser = NORMALISERS.get(name);
    if (normaliser == null) {
      throw new IllegalArgumentException(
          "unknown normaliser '" + name + "'; known normalisers: " + String.join(", ", names()));
    }
    return normaliser;
  }

  /** The family names, sorted. */
  public static Set<String> names() {
    return java.util.Collections.unmodifiableSet(NORMALISERS.keySet());
  }
}
