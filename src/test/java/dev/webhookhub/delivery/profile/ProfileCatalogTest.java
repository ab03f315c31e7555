package dev.webhookhub.delivery.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileCatalogTest {

  @Test
  void listsEveryProfileDefaultFirst() {
    assertThat(ProfileCatalog.names())
        .containsExactly("envelope", "standard-webhooks", "fitmetrics", "fineguide", "ufp");
    assertThat(ProfileCatalog.DEFAULT).isEqualTo("envelope");
  }

  @Test
  void findsEachProfileByItsName() {
    for (String name : ProfileCatalog.names()) {
      assertThat(ProfileCatalog.forName(name).name()).isEqualTo(name);
      assertThatCode(() -> ProfileCatalog.forName(name).checkOptions(Map.of()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> ProfileCatalog.forName("svix"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown webhook profile 'svix'; known profiles are envelope, standard-webhooks,"
                + " fitmetrics, fineguide, ufp");
  }
}
