package dev.webhookhub.delivery.profile;

import static dev.webhookhub.delivery.profile.ProfileFixtures.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryContextTest {

  @Test
  void aBlankSecretIsRefusedBecauseItWouldSignWithAnEmptyKey() {
    assertThatThrownBy(() -> unsigned().withSecrets(ProfileFixtures.SECRET, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be blank");
  }

  @Test
  void keepsItsOwnCopiesAndTheCustomHeadersOrder() {
    List<String> secrets = new ArrayList<>(List.of(ProfileFixtures.SECRET));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Z-Last-Alphabetically", "1");
    headers.put("A-First-Alphabetically", "2");
    DeliveryContext context =
        new DeliveryContext(
            "d", "s", ProfileFixtures.ATTEMPTED_AT, secrets, headers, Map.of("zone", "UTC"));

    secrets.clear();
    headers.put("X-Late", "3");

    assertThat(context.secrets()).containsExactly(ProfileFixtures.SECRET);
    assertThat(context.customHeaders().keySet())
        .containsExactly("Z-Last-Alphabetically", "A-First-Alphabetically");
  }
}
