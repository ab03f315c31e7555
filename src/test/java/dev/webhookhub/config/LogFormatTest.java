package dev.webhookhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {

  @Test
  void plainByDefaultJsonOnRequestAnythingElseRefused() {
    assertThat(settings(Map.of()).logFormat()).isEqualTo("plain");
    assertThat(settings(Map.of("HUB_LOG_FORMAT", "json")).logFormat()).isEqualTo("json");
    assertThatThrownBy(() -> settings(Map.of("HUB_LOG_FORMAT", "xml")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("HUB_LOG_FORMAT")
        .hasMessageContaining("'xml'")
        .hasMessageContaining("plain or json");
  }

  private static HubSettings settings(Map<String, String> environment) {
    return HubSettings.load(ConfigFiles.read(), environment, Map.of());
  }
}
