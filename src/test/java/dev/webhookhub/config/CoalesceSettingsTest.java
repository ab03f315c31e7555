package dev.webhookhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.coalesce.CoalesceRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hub.source.<name>.coalesce-window} and {@code .coalesce-by}. */
class CoalesceSettingsTest {

  private static HubSettings load(Map<String, String> env) {
    return HubSettings.load(ConfigFiles.read(), env, Map.of());
  }

  @Test
  void offUnlessAWindowIsSet() {
    assertThat(load(Map.of()).coalescing()).isEmpty();
  }

  @Test
  void aWindowAloneUsesTheDefaultKey() {
    assertThat(load(Map.of("HUB_SOURCE_FITPROTRACKER_COALESCE_WINDOW", "PT5S")).coalescing())
        .containsExactly(
            Map.entry(
                "fitprotracker",
                new CoalesceRule(Duration.ofSeconds(5), CoalesceRule.DEFAULT_KEY)));
  }

  @Test
  void aSourceDeclaredInYamlCoalescesByTheSameKeys() {
    HubSettings settings = load(Map.of("HUB_SOURCE_CRM_COALESCE_WINDOW", "PT7S"));
    assertThat(settings.coalescing()).isEmpty();
    assertThat(settings.coalesceRule("crm"))
        .contains(new CoalesceRule(Duration.ofSeconds(7), CoalesceRule.DEFAULT_KEY));
    assertThat(settings.coalesceRule("other")).isEmpty();
  }

  @Test
  void theKeyIsAListOfPointers() {
    HubSettings settings =
        load(
            Map.of(
                "HUB_SOURCE_FITPROTRACKER_COALESCE_WINDOW", "PT10S",
                "HUB_SOURCE_FITPROTRACKER_COALESCE_BY", " /locationId , /data/contactId "));
    assertThat(settings.coalescing().get("fitprotracker").keyPointers())
        .isEqualTo(List.of("/locationId", "/data/contactId"));
  }

  @Test
  void mistakesNameTheirKey() {
    assertThatThrownBy(() -> load(Map.of("HUB_SOURCE_UFP_COALESCE_WINDOW", "5s")))
        .hasMessageContaining("hub.source.ufp.coalesce-window");
    assertThatThrownBy(() -> load(Map.of("HUB_SOURCE_UFP_COALESCE_BY", "/data/id")))
        .hasMessageContaining("hub.source.ufp.coalesce-by")
        .hasMessageContaining("only with hub.source.ufp.coalesce-window");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "HUB_SOURCE_UFP_COALESCE_WINDOW", "PT5S",
                        "HUB_SOURCE_UFP_COALESCE_BY", "data.id")))
        .hasMessageContaining("hub.source.ufp.coalesce-by")
        .hasMessageContaining("'data.id'");
  }
}
