package dev.webhookhub.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.envelope.fineguide.FineGuideNormaliser;
import dev.webhookhub.envelope.fitmetrics.FitMetricsNormaliser;
import dev.webhookhub.envelope.fitprotracker.FitProTrackerNormaliser;
import dev.webhookhub.envelope.ufp.UfpNormaliser;
import org.junit.jupiter.api.Test;

class NormaliserCatalogTest {

  @Test
  void namesTheFiveFamilies() {
    assertThat(NormaliserCatalog.names())
        .containsExactly("envelope", "fineguide", "fitmetrics", "fitprotracker", "ufp");
  }

  @Test
  void findsEachFamilyByName() {
    assertThat(NormaliserCatalog.forName("envelope")).hasSameClassAs(new EnvelopeNormaliser());
    assertThat(NormaliserCatalog.forName("fineguide")).isInstanceOf(FineGuideNormaliser.class);
    assertThat(NormaliserCatalog.forName("fitmetrics")).isInstanceOf(FitMetricsNormaliser.class);
    assertThat(NormaliserCatalog.forName("fitprotracker"))
        .isInstanceOf(FitProTrackerNormaliser.class);
    assertThat(NormaliserCatalog.forName("ufp")).isInstanceOf(UfpNormaliser.class);
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> NormaliserCatalog.forName("mindbody"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown normaliser 'mindbody'; known normalisers:"
                + " envelope, fineguide, fitmetrics, fitprotracker, ufp");
  }

  @Test
  void namesCannotBeChanged() {
    assertThatThrownBy(() -> NormaliserCatalog.names().add("mindbody"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
